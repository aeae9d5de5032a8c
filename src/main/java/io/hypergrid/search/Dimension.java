package io.hypergrid.search;

import java.util.List;

/**
 * The dimensions of a grid: their API names, types, bounds and defaults, in the order in which the grid is
 * expanded (the first varies slowest). One table, so validation, expansion and documentation cannot disagree.
 */
enum Dimension {
    LAMBDA("lambda", Kind.NUMBER, 0, Double.MAX_VALUE, false, 0.0, null),
    ETA("eta", Kind.NUMBER, 0, Double.MAX_VALUE, true, 0.001, null),
    BATCH_SIZE("batchSize", Kind.INTEGER, 1, Integer.MAX_VALUE, false, 100, null),
    EPOCHS("epochs", Kind.INTEGER, 1, Integer.MAX_VALUE, false, 40, null),
    LOSS("loss", Kind.CHOICE, 0, 0, false, "softmax", List.of("softmax", "bce")),
    DECAY_EVERY("decayEvery", Kind.INTEGER, 0, Integer.MAX_VALUE, false, 0, null),
    DECAY_FACTOR("decayFactor", Kind.NUMBER, 1, Double.MAX_VALUE, false, 1.0, null),
    SHUFFLE("shuffle", Kind.BOOLEAN, 0, 0, false, false, null),
    SEED("seed", Kind.INTEGER, 0, Long.MAX_VALUE, false, 0, null),
    SPLIT("split", Kind.CHOICE, 0, 0, false, "batch1", List.of("batch1", "all")),
    DTYPE("dtype", Kind.CHOICE, 0, 0, false, "float32", List.of("float32", "float64"));

    enum Kind { NUMBER, INTEGER, CHOICE, BOOLEAN }

    final String id;
    final Kind kind;
    final double min;
    final double max;
    /** The lower bound itself is not allowed (eta > 0). */
    final boolean minExclusive;
    final Object defaultValue;
    final List<String> choices;

    Dimension(String id, Kind kind, double min, double max, boolean minExclusive, Object defaultValue,
              List<String> choices) {
        this.id = id;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.minExclusive = minExclusive;
        this.defaultValue = defaultValue;
        this.choices = choices;
    }

    static Dimension byId(String id) {
        for (Dimension d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        return null;
    }

    static List<String> ids() {
        return java.util.Arrays.stream(values()).map(d -> d.id).toList();
    }

    boolean numeric() {
        return kind == Kind.NUMBER || kind == Kind.INTEGER;
    }
}
