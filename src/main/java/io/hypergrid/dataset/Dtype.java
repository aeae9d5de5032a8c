package io.hypergrid.dataset;

import org.nd4j.linalg.api.buffer.DataType;

/** The floating-point type data and weights are stored and multiplied in: {@code float32} (default) or {@code float64}. */
public enum Dtype {
    FLOAT32("float32", DataType.FLOAT),
    FLOAT64("float64", DataType.DOUBLE);

    private final String id;
    private final DataType dataType;

    Dtype(String id, DataType dataType) {
        this.id = id;
        this.dataType = dataType;
    }

    /** The name used in the API, the database and the command line. */
    public String id() {
        return id;
    }

    public DataType dataType() {
        return dataType;
    }

    public static Dtype of(String id) {
        for (Dtype p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + id + "' (float32 or float64)");
    }
}
