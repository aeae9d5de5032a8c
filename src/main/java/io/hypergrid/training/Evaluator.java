package io.hypergrid.training;

import io.hypergrid.dataset.Examples;

/**
 * Loss, accuracy and the confusion matrix of every active trial of a stack on a set of examples: the set's scores
 * against the whole stacked W a chunk of rows at a time (one product per chunk serves every trial), then a Java
 * loop over each row's K scores per trial.
 */
final class Evaluator implements AutoCloseable {
    /** Rows of an evaluation product at a time: large enough for an efficient GEMM, small enough to stay in cache. */
    private static final int CHUNK = 2048;

    private final TrialStack stack;
    private final NativeMatrix chunkScores;
    /** One example's K scores of one trial, bias included. */
    private final double[] s;
    private final long[] sectionNanos;

    /** {@code largestSet}: the most examples of any set evaluated; {@code sectionNanos}: see StackedRun's. */
    Evaluator(TrialStack stack, int largestSet, long[] sectionNanos) {
        this.stack = stack;
        this.chunkScores = NativeMatrix.allocate(stack.dtype, Math.min(CHUNK, largestSet), stack.stacked);
        this.s = new double[stack.classes];
        this.sectionNanos = sectionNanos;
    }

    /** The sums of every active trial on a set ({@code x} its features, one example per row). */
    Sums evaluate(NativeMatrix x, Examples examples, boolean confusion) {
        int n = examples.count();
        int[] labels = examples.labels();
        int trials = stack.trials;
        int classes = stack.classes;
        int stacked = stack.stacked;
        int dims = stack.dims;
        Loss loss = stack.loss;
        double[] bias = stack.bias;
        Sums e = new Sums(trials, classes, n, confusion);
        for (int t = 0; t < trials; t++) {
            e.regularisation[t] = stack.active(t) ? stack.regularisation(t) : Double.NaN;
        }
        for (int start = 0; start < n; start += chunkScores.rows) {
            int rows = Math.min(chunkScores.rows, n - start);
            long t0 = System.nanoTime();
            Blas.gemm(stack.dtype, false, true, rows, stacked, dims, 1, x.at((long) start * dims), dims,
                    stack.weights.pointer(), dims, 0, chunkScores.pointer(), stacked);
            long t1 = System.nanoTime();
            sectionNanos[StackedRun.EVAL_GEMM] += t1 - t0;
            for (int i = 0; i < rows; i++) {
                int y = labels[start + i];
                for (int t = 0; t < trials; t++) {
                    if (!stack.active(t)) {
                        continue;
                    }
                    int col = t * classes;
                    int predicted = loss.predict(chunkScores, i * stacked + col, bias, col, s);
                    e.lossSum[t] += loss.sampleLoss(s, y);
                    if (predicted == y) {
                        e.correct[t]++;
                    }
                    if (confusion) {
                        e.confusion[t][y][predicted]++;
                    }
                }
            }
            sectionNanos[StackedRun.EVAL_LOOP] += System.nanoTime() - t1;
        }
        return e;
    }

    @Override
    public void close() {
        chunkScores.close();
    }

    /** Sums over one set for every trial of the stack. */
    static final class Sums {
        private final double[] lossSum;
        private final int[] correct;
        private final double[] regularisation;
        private final int[][][] confusion;
        private final int n;

        private Sums(int trials, int classes, int n, boolean withConfusion) {
            this.lossSum = new double[trials];
            this.correct = new int[trials];
            this.regularisation = new double[trials];
            this.confusion = withConfusion ? new int[trials][classes][classes] : null;
            this.n = n;
        }

        SetMetrics metrics(int t) {
            double meanLoss = lossSum[t] / n;
            return new SetMetrics(meanLoss, meanLoss + regularisation[t], (double) correct[t] / n);
        }

        /** confusion[true][predicted] counts of trial t (only when evaluated with the confusion matrix). */
        int[][] confusion(int t) {
            return confusion[t];
        }
    }
}
