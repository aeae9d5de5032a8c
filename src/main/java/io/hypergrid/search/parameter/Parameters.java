package io.hypergrid.search.parameter;

import java.util.List;
import java.util.Optional;

/**
 * The table of trial parameters: every value that defines a trial, each defined once. Adding a parameter is an entry
 * here, a component of {@link TrialParameters} of the same name, the trainer's use of it, and a migration adding its
 * column (README, "Adding a trial parameter").
 */
public final class Parameters {
    public static final Parameter<String> DATASET = Parameter.choice("dataset", "dataset",
            io.hypergrid.dataset.DatasetLoader.DATASETS, true, "dataset", "the data set (a top-level field of a search)");
    public static final Parameter<String> SPLIT = Parameter.choice("split", "split", List.of("batch1", "all"), true,
            "split", "which batches train, validate and test");
    public static final Parameter<Double> LAMBDA = Parameter.number("lambda", "lambda", 0.0, 0, false, false,
            "lambda", "L2 penalty on W");
    public static final Parameter<Double> ETA = Parameter.number("eta", "eta", 0.001, 0, true, false, "eta",
            "learning rate");
    public static final Parameter<Integer> BATCH_SIZE = Parameter.integer("batchSize", "batch_size", 100, 1, true,
            "batch-size", "mini-batch size");
    public static final Parameter<Integer> EPOCHS = Parameter.integer("epochs", "epochs", 40, 1, true, "epochs",
            "passes over the training set");
    public static final Parameter<String> LOSS = Parameter.choice("loss", "loss", List.of("softmax", "bce"), true,
            "loss", "softmax + cross-entropy, or sigmoid + multiple binary cross-entropy");
    public static final Parameter<Integer> DECAY_EVERY = Parameter.integer("decayEvery", "decay_every", 0, 0, false,
            "decay-every", "divide eta by decayFactor every this many epochs; 0 = constant");
    public static final Parameter<Double> DECAY_FACTOR = Parameter.number("decayFactor", "decay_factor", 1.0, 1, false,
            false, "decay-factor", "the divisor of the step decay");
    public static final Parameter<Boolean> SHUFFLE = Parameter.bool("shuffle", "shuffle", true, "shuffle",
            "reshuffle the training order every epoch (seeded)");
    public static final Parameter<Long> SEED = Parameter.longInteger("seed", "seed", 0L, 0, true, "seed",
            "initial weights and shuffle order");
    public static final Parameter<String> DTYPE = Parameter.choice("dtype", "dtype", List.of("float32", "float64"),
            true, "dtype", "floating-point dtype of the training");
    public static final Parameter<Double> INIT_STD = Parameter.number("initStd", "init_std", 0.01, 0, true, false,
            "init-std", "standard deviation of the initial weights: W, b ~ N(0, initStd^2)");

    /** Every parameter, in the order of the export's columns and of trial views. */
    public static final List<Parameter<?>> ALL = List.of(DATASET, SPLIT, LAMBDA, ETA, BATCH_SIZE, EPOCHS, LOSS,
            DECAY_EVERY, DECAY_FACTOR, SHUFFLE, SEED, DTYPE, INIT_STD);

    /**
     * The parameters a search may vary ({@code grid}) or fix ({@code fixed}), in the grid's expansion order: the first
     * varies slowest, so a grid's {@code gridIndex} order follows this list.
     */
    public static final List<Parameter<?>> DIMENSIONS = List.of(LAMBDA, ETA, BATCH_SIZE, EPOCHS, LOSS, DECAY_EVERY,
            DECAY_FACTOR, SHUFFLE, SEED, SPLIT, DTYPE, INIT_STD);

    private Parameters() {
    }

    /** The dimension of this API name, if there is one. */
    public static Optional<Parameter<?>> dimension(String name) {
        return DIMENSIONS.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The API names of the dimensions, for messages. */
    public static List<String> dimensionNames() {
        return DIMENSIONS.stream().map(Parameter::name).toList();
    }

    /** The columns of every parameter, in table order, for a select or an insert. */
    public static String columns() {
        return String.join(", ", ALL.stream().map(Parameter::column).toList());
    }

    /** What trials must share to train stacked (the data, its order, the loss, the dtype). */
    public static List<Parameter<?>> stackKey() {
        return ALL.stream().filter(Parameter::stackKey).toList();
    }
}
