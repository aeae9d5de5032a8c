package io.hypergrid.cli;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.training.BlasKernels;
import io.hypergrid.training.GemmPeak;
import io.hypergrid.training.Nd4jRuntime;
import java.io.PrintStream;
import java.util.Set;

/** {@code gemm-peak}: the GEMM rate of this machine through the trainer's BLAS, float32 and float64, as JSON. */
final class GemmPeakCommand implements Command {
    @Override
    public String name() {
        return "gemm-peak";
    }

    @Override
    public String usage() {
        return """
                gemm-peak: median GFLOP/s of an N x N product, float32 and float64, as one JSON object
                  --size N (2048)  --threads T (all processors)  --repeats R (7)""";
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("size", "threads", "repeats"), Set.of());
        int size = args.integer("size", 2048);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        int repeats = args.integer("repeats", 7);
        if (size < 1 || threads < 1 || repeats < 1) {
            throw new CliException("--size, --threads and --repeats must be positive");
        }
        Nd4jRuntime.configure(threads);
        Nd4jRuntime.threads(threads);
        double f32 = GemmPeak.gflops(Dtype.FLOAT32, size, repeats);
        double f64 = GemmPeak.gflops(Dtype.FLOAT64, size, repeats);
        out.printf("{\"size\":%d,\"threads\":%d,\"float32Gflops\":%.2f,\"float64Gflops\":%.2f,\"kernels\":\"%s\"}%n",
                size, threads, f32, f64, BlasKernels.select().replace("\"", "'"));
        return 0;
    }
}
