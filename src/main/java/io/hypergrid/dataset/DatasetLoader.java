package io.hypergrid.dataset;

import java.nio.file.Path;

/** Reads and prepares the known data sets. Each call reads and normalises anew: cache the result to share it. */
public final class DatasetLoader {
    /** The real data set's name in the API. */
    public static final String CIFAR10 = "cifar10";

    /** Sizes of the built-in synthetic data set: enough to learn from, small enough to train in a blink. */
    public static final int SYNTHETIC_TRAIN = 2_000;
    public static final int SYNTHETIC_VALIDATION = 500;
    public static final int SYNTHETIC_TEST = 500;
    public static final long SYNTHETIC_SEED = 2424;

    private DatasetLoader() {
    }

    public static PreparedData cifar10(Path dir, Split split, Precision precision) {
        SplitImages raw = split.load(new Cifar10Reader(), dir);
        return Standardizer.prepare(CIFAR10, split.id(), raw, precision, Cifar10Layout.CLASSES);
    }

    /** The synthetic set has one split of its own; {@code split} only names it in results. */
    public static PreparedData synthetic(Split split, Precision precision) {
        SplitImages raw = SyntheticImages.generate(SYNTHETIC_SEED, SYNTHETIC_TRAIN, SYNTHETIC_VALIDATION, SYNTHETIC_TEST);
        return Standardizer.prepare(SyntheticImages.DATASET, split.id(), raw, precision, Cifar10Layout.CLASSES);
    }
}
