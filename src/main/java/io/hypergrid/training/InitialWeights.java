package io.hypergrid.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Starting weights: W (K x d, row-major) then b (K), as doubles. Drawn from N(0, std^2) with a seed (W first, then
 * b, from one generator), or read from the reference implementation's raw little-endian float64 file format.
 */
public record InitialWeights(int classes, int dimensions, double[] values) {
    /** The assignment's standard deviation of the initial weights, the default of {@link TrainingConfig#initStd()}. */
    public static final double SD = 0.01;

    public InitialWeights {
        if (values.length != classes * dimensions + classes) {
            throw new IllegalArgumentException("expected " + (classes * dimensions + classes) + " values, got " + values.length);
        }
    }

    /** Each value {@code std * nextGaussian()} of one {@code java.util.Random(seed)}, W first, then b. */
    public static InitialWeights seeded(long seed, double std, int classes, int dimensions) {
        Random random = new Random(seed); // java.util.Random's Gaussian sequence is specified, so stable across JDKs
        double[] v = new double[classes * dimensions + classes];
        for (int i = 0; i < v.length; i++) {
            v[i] = std * random.nextGaussian();
        }
        return new InitialWeights(classes, dimensions, v);
    }

    public static InitialWeights read(Path file, int classes, int dimensions) throws IOException {
        long expected = 8L * (classes * dimensions + classes);
        long size = Files.size(file);
        if (size != expected) {
            throw new IOException(file + ": " + size + " bytes, expected " + expected
                    + " (W " + classes + " x " + dimensions + " then b " + classes + ", little-endian float64)");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[classes * dimensions + classes];
        bytes.asDoubleBuffer().get(v);
        return new InitialWeights(classes, dimensions, v);
    }

    public void write(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(values);
        Files.write(file, bytes.array());
    }
}
