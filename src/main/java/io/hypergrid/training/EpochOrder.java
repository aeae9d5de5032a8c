package io.hypergrid.training;

import java.util.Random;

/**
 * The order in which an epoch visits the training examples: file order, or with shuffling a fresh seeded
 * Fisher-Yates permutation every epoch (reproducible from the trial's seed alone).
 */
final class EpochOrder {
    private static final long SHUFFLE_SALT = 0x9E3779B97F4A7C15L;

    private final int[] order;
    private final Random random;

    EpochOrder(long seed, int n) {
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        random = new Random(seed ^ SHUFFLE_SALT);
    }

    /** The next epoch's permutation; the array is reused, valid until the next call. */
    int[] next() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
