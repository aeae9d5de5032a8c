package io.hypergrid.training;

import io.hypergrid.dataset.Dtype;
import java.util.Arrays;

/**
 * The machine's GEMM peak as the trainer's BLAS reaches it: the median rate of an n x n by n x n product, the
 * yardstick of the grid benchmark's "fraction of the floor".
 */
public final class GemmPeak {
    private GemmPeak() {
    }

    /** Median GFLOP/s over {@code repeats} products, after one warm-up. */
    public static double gflops(Dtype dtype, int n, int repeats) {
        try (NativeMatrix a = NativeMatrix.allocate(dtype, n, n);
             NativeMatrix b = NativeMatrix.allocate(dtype, n, n);
             NativeMatrix c = NativeMatrix.allocate(dtype, n, n)) {
            for (int i = 0; i < n * n; i += 7) {
                a.set(i, 1e-3 * (i % 13));
                b.set(i, 1e-3 * (i % 11));
            }
            double[] rates = new double[repeats];
            for (int r = -1; r < repeats; r++) {
                long start = System.nanoTime();
                Blas.gemm(dtype, false, false, n, n, n, 1, a.pointer(), n, b.pointer(), n, 0, c.pointer(), n);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (r >= 0) {
                    rates[r] = 2.0 * n * n * n / seconds / 1e9;
                }
            }
            Arrays.sort(rates);
            return rates[repeats / 2];
        }
    }
}
