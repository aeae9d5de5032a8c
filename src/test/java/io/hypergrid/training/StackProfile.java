package io.hypergrid.training;

import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: where one stack's time goes on the real data. {@code java -cp ... io.hypergrid.training.StackProfile
 * DATA_DIR BATCH TRIALS EPOCHS [float32|float64]} prints seconds per section and the GEMM rates.
 */
public final class StackProfile {
    public static void main(String[] args) {
        BlasKernels.select();
        Path dir = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        int trials = Integer.parseInt(args[2]);
        int epochs = Integer.parseInt(args[3]);
        Dtype dtype = args.length > 4 ? Dtype.of(args[4]) : Dtype.FLOAT32;
        Nd4jRuntime.configure(1);
        PreparedData data = DatasetLoader.cifar10(dir, Split.BATCH1, dtype);
        double[] lambdas = {0, 0.01, 0.1, 1};
        double[] etas = {0.1, 0.01, 0.001, 0.0001};
        List<TrainingTask> tasks = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            tasks.add(TrainingTask.of(new TrainingConfig(lambdas[t / 4 % 4], etas[t % 4], batch, epochs, Loss.SOFTMAX, 0,
                    1, false, 0, dtype)));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            StackedRun run = new StackedRun(data, tasks);
            run.run();
            run.close();
            double wall = (System.nanoTime() - start) / 1e9;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long miniBatches = (long) epochs * ((data.train().count() + batch - 1) / batch);
            System.out.printf("Java heap allocated by the run: %d bytes, %.1f per mini-batch (%d mini-batches; "
                    + "includes per-epoch curves and evaluation sums)%n", allocated, (double) allocated / miniBatches, miniBatches);
            long[] s = run.sectionNanos;
            double n = data.train().count();
            double descentFlop = 2.0 * n * trials * 10 * data.dimensions() * epochs;
            double evalFlop = 2.0 * (n + data.validation().count()) * trials * 10 * data.dimensions() * (epochs + 1);
            System.out.printf("batch %d, %d trials, %d epochs, %s: wall %.2f s | forward GEMM %.2f s (%.1f GFLOP/s) | "
                            + "loss loop %.2f s | block corrections %.2f s | update GEMM %.2f s (%.1f GFLOP/s) | eval GEMM %.2f s (%.1f GFLOP/s) | "
                            + "eval loop %.2f s%n", batch, trials, epochs, dtype.id(), wall, s[0] / 1e9,
                    descentFlop / s[0], s[5] / 1e9, s[1] / 1e9, s[2] / 1e9, descentFlop / s[2], s[3] / 1e9, evalFlop / s[3], s[4] / 1e9);
        }
    }
}
