package io.hypergrid.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official CIFAR-10 binary layout: six files of 10,000 records, each record one label byte then 1,024 red,
 * 1,024 green and 1,024 blue pixel bytes (each plane row-major 32 x 32), and the official per-file MD5s.
 */
public final class Cifar10Layout {
    public static final int IMAGE_SIDE = 32;
    public static final int PIXELS = IMAGE_SIDE * IMAGE_SIDE;
    public static final int DIMENSIONS = 3 * PIXELS;
    public static final int RECORD_BYTES = 1 + DIMENSIONS;
    public static final int RECORDS_PER_FILE = 10_000;
    public static final long FILE_BYTES = (long) RECORD_BYTES * RECORDS_PER_FILE;
    public static final int CLASSES = 10;

    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    public static final String META_FILE = "batches.meta.txt";
    public static final String TEST_FILE = "test_batch.bin";

    /** File name to official MD5, in the order of the release: data_batch_1..5, then test_batch. */
    public static final Map<String, String> MD5 = md5s();

    private Cifar10Layout() {
    }

    public static String trainFile(int index) {
        if (index < 1 || index > 5) {
            throw new IllegalArgumentException("training batches are numbered 1..5, not " + index);
        }
        return "data_batch_" + index + ".bin";
    }

    private static Map<String, String> md5s() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data_batch_1.bin", "5dd7e06a14cb22eb9f671a540d1b7c25");
        m.put("data_batch_2.bin", "5ea93a67294ea407fff1d09f752e9692");
        m.put("data_batch_3.bin", "942cd6a4bcdd0dd3c604fbe906cb4421");
        m.put("data_batch_4.bin", "ae636b3ba5c66a11e91e8cb52e771fcb");
        m.put("data_batch_5.bin", "53f37980c15c3d472c316c40844f3f0d");
        m.put(TEST_FILE, "803d5f7f4d78ea53de84dbe85f74fb6d");
        return java.util.Collections.unmodifiableMap(m);
    }
}
