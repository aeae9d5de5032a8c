package io.hypergrid.dataset;

/**
 * Images as raw bytes, one row of {@code dimensions} unsigned bytes per image (CIFAR-10 plane order: R, G, B), and
 * one label per image. The unnormalised form, before a split's statistics are applied.
 */
public record LabelledImages(byte[] pixels, byte[] labels, int dimensions) {
    public LabelledImages {
        if (dimensions <= 0 || pixels.length != (long) labels.length * dimensions) {
            throw new IllegalArgumentException(
                    "pixels hold " + pixels.length + " bytes, not " + labels.length + " images of " + dimensions);
        }
    }

    public int count() {
        return labels.length;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public LabelledImages slice(int from, int to) {
        byte[] p = java.util.Arrays.copyOfRange(pixels, from * dimensions, to * dimensions);
        byte[] l = java.util.Arrays.copyOfRange(labels, from, to);
        return new LabelledImages(p, l, dimensions);
    }

    public static LabelledImages concat(java.util.List<LabelledImages> parts) {
        int n = parts.stream().mapToInt(LabelledImages::count).sum();
        int d = parts.get(0).dimensions();
        byte[] p = new byte[Math.multiplyExact(n, d)];
        byte[] l = new byte[n];
        int at = 0;
        for (LabelledImages part : parts) {
            if (part.dimensions() != d) {
                throw new IllegalArgumentException("parts differ in dimensions");
            }
            System.arraycopy(part.pixels(), 0, p, at * d, part.pixels().length);
            System.arraycopy(part.labels(), 0, l, at, part.count());
            at += part.count();
        }
        return new LabelledImages(p, l, d);
    }
}
