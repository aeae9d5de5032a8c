package io.hypergrid.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the CIFAR-10 batches are divided into training, validation and test sets (design §1). */
public enum Split {
    /** Train on data_batch_1, validate on data_batch_2, test on test_batch. */
    BATCH1("batch1"),
    /** Train on data_batch_1..5 less the last 1,000 images of data_batch_5, validate on those 1,000. */
    ALL("all");

    /** How many images of data_batch_5 the {@code all} split holds out for validation. */
    public static final int ALL_VALIDATION_SIZE = 1_000;

    private final String id;

    Split(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Split of(String id) {
        for (Split s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + id + "' (batch1 or all)");
    }

    public SplitImages load(Cifar10Reader reader, Path dir) {
        LabelledImages test = reader.read(dir.resolve(Cifar10Layout.TEST_FILE));
        if (this == BATCH1) {
            return new SplitImages(reader.read(dir.resolve(Cifar10Layout.trainFile(1))),
                    reader.read(dir.resolve(Cifar10Layout.trainFile(2))), test);
        }
        List<LabelledImages> batches = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            batches.add(reader.read(dir.resolve(Cifar10Layout.trainFile(i))));
        }
        LabelledImages last = batches.remove(4);
        int cut = last.count() - ALL_VALIDATION_SIZE;
        if (cut < 0) {
            throw new DatasetException(dir.resolve(Cifar10Layout.trainFile(5)) + ": holds " + last.count()
                    + " images, fewer than the " + ALL_VALIDATION_SIZE + " the 'all' split validates on");
        }
        batches.add(last.slice(0, cut));
        return new SplitImages(LabelledImages.concat(batches), last.slice(cut, last.count()), test);
    }
}
