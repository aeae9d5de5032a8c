package io.hypergrid.dataset;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Normalised examples: {@code features} is n x d in C order (one image per row, so a run of consecutive images is
 * one contiguous block: a mini-batch without copying), {@code labels} the class of each row. Shared read-only by
 * every trial that trains on it: nobody writes to these arrays after {@link Standardizer} made them.
 */
public record Examples(INDArray features, int[] labels) {
    public Examples {
        if (features.rank() != 2 || features.ordering() != 'c' || features.rows() != labels.length) {
            throw new IllegalArgumentException("features must be a C-ordered matrix with one row per label");
        }
    }

    public int count() {
        return labels.length;
    }

    public int dimensions() {
        return (int) features.columns();
    }
}
