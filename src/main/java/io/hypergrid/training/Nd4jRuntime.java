package io.hypergrid.training;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide ND4J settings, applied once before the first real ND4J call: the OpenBLAS kernels (BlasKernels) and
 * the BLAS/OpenMP thread count. One thread per worker by default (design §3): parallelism comes from running stacks
 * side by side, and ND4J's default of two threads made small products many times slower whenever anything else ran.
 */
public final class Nd4jRuntime {
    private static volatile boolean configured;

    private Nd4jRuntime() {
    }

    /** Sets the BLAS and OpenMP thread counts (a benchmark of the whole machine wants them all). */
    public static void threads(int blasThreads) {
        Nd4j.getEnvironment().setMaxMasterThreads(blasThreads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(blasThreads);
    }

    /** Loads the native backend (1 to 4 s, about 400 MB extracted on first use) and sets the thread count. */
    public static synchronized void configure(int blasThreads) {
        if (configured) {
            return;
        }
        BlasKernels.select(); // no effect if OpenBLAS is already loaded; the entry points call it first
        threads(blasThreads);
        Nd4j.create(1).addi(1); // warm-up: the first call pays for loading and initialising the backend
        configured = true;
    }
}
