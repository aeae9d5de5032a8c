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

    /** The data sets the service knows, in the order they are listed. */
    public static final java.util.List<String> DATASETS = java.util.List.of(CIFAR10, SyntheticImages.DATASET);

    private DatasetLoader() {
    }

    /** Training images of a data set's split, known without reading it; -1 for an unknown data set. */
    public static int trainingSetSize(String dataset, Split split) {
        if (CIFAR10.equals(dataset)) {
            return split == Split.BATCH1 ? Cifar10Layout.RECORDS_PER_FILE
                    : 5 * Cifar10Layout.RECORDS_PER_FILE - Split.ALL_VALIDATION_SIZE;
        }
        return SyntheticImages.DATASET.equals(dataset) ? SYNTHETIC_TRAIN : -1;
    }

    /** Reads and prepares a known data set; {@code cifar10Dir} holds the CIFAR-10 batch files. */
    public static PreparedData load(String dataset, Split split, Dtype dtype, Path cifar10Dir) {
        if (CIFAR10.equals(dataset)) {
            return cifar10(cifar10Dir, split, dtype);
        }
        if (SyntheticImages.DATASET.equals(dataset)) {
            return synthetic(split, dtype);
        }
        throw new IllegalArgumentException("unknown dataset '" + dataset + "'");
    }

    public static PreparedData cifar10(Path dir, Split split, Dtype dtype) {
        SplitImages raw = split.load(new Cifar10Reader(), dir);
        return Standardizer.prepare(CIFAR10, split.id(), raw, dtype, Cifar10Layout.CLASSES);
    }

    /** The synthetic set has one split of its own; {@code split} only names it in results. */
    public static PreparedData synthetic(Split split, Dtype dtype) {
        SplitImages raw = SyntheticImages.generate(SYNTHETIC_SEED, SYNTHETIC_TRAIN, SYNTHETIC_VALIDATION, SYNTHETIC_TEST);
        return Standardizer.prepare(SyntheticImages.DATASET, split.id(), raw, dtype, Cifar10Layout.CLASSES);
    }
}
