package io.hypergrid.training;

import io.hypergrid.dataset.Examples;
import io.hypergrid.dataset.Dtype;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;

/**
 * One epoch of mini-batch gradient descent of a whole {@link TrialStack}. Per mini-batch of m rows Xb (m x d, rows
 * of the C-ordered training matrix, so a contiguous block):
 * <pre>
 *   S  = Xb W^T                      (m x TK)   one GEMM
 *   G  = (P - Y) * eta_t / m [/ K]   (in S)     Java loop: the loss's probabilities per trial's K columns
 *   W  = (1 - 2 eta_t lambda_t) W - G^T Xb      one GEMM (the decay as beta or a per-trial SCAL)
 *   b -= column sums of G
 * </pre>
 * which is {@code W -= eta (G X^T / n + 2 lambda W)} of design §1 with the scalars fused into the products.
 * Small mini-batches are trained a block of about {@value #BLOCK_ROWS} rows at a time with the same result (see
 * {@link #descendBlock}). An inactive trial gets a zero gradient: its rows stop changing.
 */
final class BlockDescent implements AutoCloseable {
    /**
     * Rows of a descent block: small mini-batches are trained a block at a time, with the products of the block
     * fused (see {@link #descendBlock}). A 10-row product against the whole stacked W runs at a fifth of the
     * machine's rate (each call packs all of W); a 256-row one near its peak.
     */
    static final int BLOCK_ROWS = 256;

    private final TrialStack stack;
    private final NativeMatrix trainX;
    private final int[] labels;
    private final int n;
    private final int batchSize;
    /** Mini-batches per descent block; 1 = one mini-batch at a time (large batches, or not worth it). */
    private final int blockBatches;
    private final int blockRows;
    /** File order every epoch: the blocks' Gram matrices are computed once, in {@link #start}. */
    private final boolean fixedOrder;

    private final NativeMatrix scores;
    /** The block's rows in the epoch's shuffled order; null when the order is fixed (the rows are then a view). */
    private final NativeMatrix gathered;
    private final NativeMatrix blockScores;
    private final NativeMatrix blockGradients;
    /** Gram matrices X_b X_b^T of the blocks: all of them, computed once, when the order is fixed; else one. */
    private final NativeMatrix gram;
    private final double[] biasStep;
    private final double[] power;
    private final double[] lastPower;
    /** Factor on the gradient rows as stored (the block's rescaled rows, see {@link #descendBlock}); else 1. */
    private final double[] storeScale;
    private final double[] probabilities;
    /**
     * Gradient entries smaller than this are stored as 0: a saturated softmax or sigmoid (a diverging trial, a large
     * step) gives probabilities that underflow to subnormal numbers, and every product that reads a subnormal
     * operand takes a microcode assist on Intel cores (3x slower GEMMs at batch 10, measured). The entries dropped
     * are 20+ orders of magnitude below the gradient's scale, far below float rounding.
     */
    private final double tiny;
    private final long[] sectionNanos;

    /**
     * {@code fuseBlocks} false: one mini-batch at a time whatever the batch size (to test the blocks against);
     * {@code sectionNanos}: see StackedRun's.
     */
    BlockDescent(TrialStack stack, NativeMatrix trainX, Examples train, int batchSize, boolean shuffle,
                 boolean fuseBlocks, long[] sectionNanos) {
        this.stack = stack;
        this.trainX = trainX;
        this.labels = train.labels();
        this.n = train.count();
        this.batchSize = batchSize;
        this.sectionNanos = sectionNanos;
        this.fixedOrder = !shuffle;
        int trials = stack.trials;
        int stacked = stack.stacked;
        this.blockBatches = fuseBlocks ? blockBatches(batchSize, n, shuffle, stacked) : 1;
        this.blockRows = blockBatches * batchSize;
        this.scores = NativeMatrix.allocate(stack.dtype, batchSize, stacked);
        this.gathered = shuffle ? NativeMatrix.allocate(stack.dtype, blockRows, stack.dims) : null;
        if (blockBatches > 1) {
            int blocks = shuffle ? 1 : (n + blockRows - 1) / blockRows;
            this.blockScores = NativeMatrix.allocate(stack.dtype, blockRows, stacked);
            this.blockGradients = NativeMatrix.allocate(stack.dtype, blockRows, stacked);
            this.gram = NativeMatrix.allocate(stack.dtype, blocks * blockRows, blockRows);
        } else {
            this.blockScores = null;
            this.blockGradients = null;
            this.gram = null;
        }
        this.biasStep = new double[stacked];
        this.power = new double[trials];
        this.lastPower = new double[trials];
        this.storeScale = new double[trials];
        Arrays.fill(storeScale, 1);
        this.probabilities = new double[stack.classes];
        this.tiny = stack.dtype == Dtype.FLOAT32 ? 1e-30 : 1e-280;
    }

    /**
     * How many mini-batches to train as one block. Blocks pay for the Gram matrix of their rows (2 r^2 d flops for
     * r rows): once per run when the order is fixed, every epoch when it is shuffled, which is only worth it when the
     * stack is wide enough that the fused products save more.
     */
    static int blockBatches(int batchSize, int n, boolean shuffle, int stacked) {
        int batches = Math.max(1, Math.min(BLOCK_ROWS, n) / batchSize);
        if (batches < 2 || (shuffle && stacked * 2 < batches * batchSize)) {
            return 1;
        }
        return batches;
    }

    /** Before the first epoch: with a fixed order, the Gram matrices of all blocks, once for the whole run. */
    void start() {
        if (blockBatches == 1 || !fixedOrder) {
            return;
        }
        int dims = stack.dims;
        for (int start = 0, block = 0; start < n; start += blockRows, block++) {
            int rows = Math.min(blockRows, n - start);
            Pointer xb = trainX.at((long) start * dims);
            Blas.gemm(stack.dtype, false, true, rows, rows, dims, 1, xb, dims, xb, dims, 0,
                    gram.at((long) block * blockRows * blockRows), blockRows);
        }
    }

    /**
     * One epoch over the training set in {@code order} (null: file order), with the stack's scalars of the epoch
     * ({@link TrialStack#prepareEpoch}). Stop requests are read before every block; the epoch ends early when no
     * trial is left active.
     */
    void epoch(int[] order, boolean uniformDecay) {
        for (int start = 0, block = 0; start < n && stack.anyActive(); start += blockRows, block++) {
            stack.pollStopRequests(start == 0);
            int rows = Math.min(blockRows, n - start);
            if (blockBatches == 1) {
                descend(start, rows, order, uniformDecay);
            } else {
                descendBlock(start, rows, block, order, uniformDecay);
            }
        }
    }

    private void descend(int start, int m, int[] order, boolean uniformDecay) {
        int dims = stack.dims;
        int stacked = stack.stacked;
        Pointer xb;
        if (order == null) {
            xb = trainX.at((long) start * dims);
        } else {
            for (int i = 0; i < m; i++) {
                gathered.copy(trainX, order[start + i] * dims, i * dims, dims);
            }
            xb = gathered.pointer();
        }
        long t0 = System.nanoTime();
        // S = Xb W^T
        Blas.gemm(stack.dtype, false, true, m, stacked, dims, 1, xb, dims, stack.weights.pointer(), dims, 0,
                scores.pointer(), stacked);
        long t1 = System.nanoTime();

        gradient(start, m, order, scores, 0);

        long t2 = System.nanoTime();
        double beta = decayWeights(stack.rowFactor, uniformDecay);
        // W = beta W - G^T Xb   (G already holds eta / m)
        Blas.gemm(stack.dtype, true, false, stacked, dims, m, -1, scores.pointer(), stacked, xb, dims, beta,
                stack.weights.pointer(), dims);
        long t3 = System.nanoTime();
        sectionNanos[StackedRun.FORWARD] += t1 - t0;
        sectionNanos[StackedRun.LOSS] += t2 - t1;
        sectionNanos[StackedRun.UPDATE] += t3 - t2;
    }

    /**
     * The scaled gradient of the loss w.r.t. the scores of m examples (the scores are in {@link #scores}), written to
     * {@code into} from row {@code intoRow} (it may be the scores themselves), then the bias step. Examples are
     * {@code start..start+m} of the epoch's order.
     */
    private void gradient(int start, int m, int[] order, NativeMatrix into, int intoRow) {
        int trials = stack.trials;
        int classes = stack.classes;
        int stacked = stack.stacked;
        Loss loss = stack.loss;
        double[] bias = stack.bias;
        double[] gradScale = stack.gradScale;
        Arrays.fill(biasStep, 0);
        double perRow = 1.0 / m;
        for (int i = 0; i < m; i++) {
            int y = order == null ? labels[start + i] : labels[order[start + i]];
            int rowBase = i * stacked;
            int intoBase = (intoRow + i) * stacked;
            for (int t = 0; t < trials; t++) {
                int col = t * classes;
                if (!stack.active(t)) {
                    for (int k = 0; k < classes; k++) {
                        into.set(intoBase + col + k, 0);
                    }
                    continue;
                }
                loss.probabilities(scores, rowBase + col, bias, col, probabilities);
                double scale = gradScale[t] * perRow;
                double store = storeScale[t];
                for (int k = 0; k < classes; k++) {
                    double g = (probabilities[k] - (k == y ? 1 : 0)) * scale;
                    if (Math.abs(g) < tiny) {
                        g = 0;
                    }
                    into.set(intoBase + col + k, g * store);
                    biasStep[col + k] += g;
                }
            }
        }
        for (int c = 0; c < stacked; c++) {
            bias[c] -= biasStep[c];
        }
    }

    /**
     * Mini-batch descent over the {@code rows} examples of one block, the same steps as {@link #descend} one
     * mini-batch after the other, with the big products done once per block. With W_0 the weights at the block's
     * start, beta_t = 1 - 2 eta_t lambda_t per trial and G_l the scaled gradient of mini-batch l:
     * <pre>
     *   W_j   = beta^j W_0 - sum_{l<j} beta^(j-1-l) G_l^T X_l
     *   S_j   = X_j W_j^T = beta^j (X_j W_0^T) - sum_{l<j} (X_j X_l^T) beta^(j-1-l) G_l
     * </pre>
     * so one product P = X W_0^T gives every mini-batch's first term, the block's Gram matrix X X^T the second
     * (products of cache-sized operands), and one product applies the whole block's update to W at the end. The
     * gradient rows are stored as H_l = beta^(-l) G_l, so S_j = beta^j P_j - beta^(j-1) sum_{l<j} Gram[j,l] H_l and
     * one pass by beta^(B-1) before the update: each row is touched once, not once per later mini-batch (that was
     * 8 % of a batch-10 stack); see {@link #rescalable} for when it steps back to decaying the rows. Exact algebra:
     * results equal mini-batch-at-a-time descent to float rounding (tested).
     */
    private void descendBlock(int start, int rows, int block, int[] order, boolean uniformDecay) {
        int trials = stack.trials;
        int classes = stack.classes;
        int stacked = stack.stacked;
        int dims = stack.dims;
        double[] rowFactor = stack.rowFactor;
        Pointer xb;
        long gramAt;
        if (order == null) {
            xb = trainX.at((long) start * dims);
            gramAt = (long) block * blockRows * blockRows;
        } else {
            for (int i = 0; i < rows; i++) {
                gathered.copy(trainX, order[start + i] * dims, i * dims, dims);
            }
            xb = gathered.pointer();
            Blas.gemm(stack.dtype, false, true, rows, rows, dims, 1, xb, dims, xb, dims, 0, gram.pointer(), blockRows);
            gramAt = 0;
        }
        long t0 = System.nanoTime();
        // P = X W_0^T for the whole block
        Blas.gemm(stack.dtype, false, true, rows, stacked, dims, 1, xb, dims, stack.weights.pointer(), dims, 0,
                blockScores.pointer(), stacked);
        long t1 = System.nanoTime();
        long lossNanos = 0;
        boolean rescaled = rescalable(rows);
        Arrays.fill(power, 1);
        Arrays.fill(storeScale, 1);
        int previous = 0;
        for (int o = 0; o < rows; o += batchSize) {
            int m = Math.min(batchSize, rows - o);
            if (o > 0) {
                if (!rescaled) {
                    scaleGradients(previous, rowFactor); // rows of earlier mini-batches: one more factor beta
                }
                for (int t = 0; t < trials; t++) {
                    lastPower[t] = power[t];
                    power[t] *= rowFactor[t];
                }
                // T = Gram[j, <j] G_<j (or H_<j), into the scores
                Blas.gemm(stack.dtype, false, false, m, stacked, o, -1, gram.at(gramAt + (long) o * blockRows),
                        blockRows, blockGradients.pointer(), stacked, 0, scores.pointer(), stacked);
            }
            // S_j = beta^j P_j - T, or beta^j P_j - beta^(j-1) T with the rescaled rows
            for (int i = 0; i < m; i++) {
                int from = (o + i) * stacked;
                int to = i * stacked;
                for (int t = 0; t < trials; t++) {
                    double f = power[t];
                    double c = o == 0 ? 0 : rescaled ? lastPower[t] : 1;
                    int col = t * classes;
                    for (int k = 0; k < classes; k++) {
                        double correction = c == 0 ? 0 : c * scores.get(to + col + k);
                        scores.set(to + col + k, f * blockScores.get(from + col + k) + correction);
                    }
                }
            }
            if (rescaled) {
                for (int t = 0; t < trials; t++) {
                    storeScale[t] = 1 / power[t]; // H_j = beta^(-j) G_j
                }
            }
            long l0 = System.nanoTime();
            gradient(start + o, m, order, blockGradients, o);
            lossNanos += System.nanoTime() - l0;
            previous = o;
        }
        if (rescaled) {
            for (int t = 0; t < trials; t++) {
                lastPower[t] = power[t];
                power[t] *= rowFactor[t];
            }
            scaleGradients(rows, lastPower); // beta^(B-1) H_l = beta^(B-1-l) G_l
            Arrays.fill(storeScale, 1);
        } else {
            scaleGradients(previous, rowFactor);
            for (int t = 0; t < trials; t++) {
                power[t] *= rowFactor[t];
            }
        }
        long t2 = System.nanoTime();
        double beta = decayWeights(power, uniformDecay);
        // W = beta^B W_0 - sum_l beta^(B-1-l) G_l^T X_l  (the G rows carry their powers of beta now)
        Blas.gemm(stack.dtype, true, false, stacked, dims, rows, -1, blockGradients.pointer(), stacked, xb, dims,
                beta, stack.weights.pointer(), dims);
        long t3 = System.nanoTime();
        sectionNanos[StackedRun.FORWARD] += t1 - t0;
        sectionNanos[StackedRun.CORRECTIONS] += t2 - t1 - lossNanos;
        sectionNanos[StackedRun.UPDATE] += t3 - t2;
        sectionNanos[StackedRun.LOSS] += lossNanos;
    }

    /**
     * Applies each active trial's decay factor to its rows of W: returned as the update product's beta when the
     * factors are all the same (no extra pass over W), else applied here and 1 returned.
     */
    private double decayWeights(double[] factor, boolean uniform) {
        int trials = stack.trials;
        if (uniform) {
            for (int t = 0; t < trials; t++) {
                if (stack.active(t)) {
                    return factor[t];
                }
            }
            return 1;
        }
        int block = stack.classes * stack.dims;
        for (int t = 0; t < trials; t++) {
            if (stack.active(t) && factor[t] != 1) {
                Blas.scal(stack.dtype, block, factor[t], stack.weights.at((long) t * block));
            }
        }
        return 1;
    }

    /**
     * Whether a block can keep its gradient rows rescaled (H_l = beta^(-l) G_l): when no active trial's beta^(-l)
     * can grow past 1e6 within the block, far from overflow in float32. Else (a trial with a tiny or zero beta)
     * the rows are decayed step by step.
     */
    private boolean rescalable(int rows) {
        int steps = (rows + batchSize - 1) / batchSize - 1;
        for (int t = 0; t < stack.trials; t++) {
            double b = Math.abs(stack.rowFactor[t]);
            if (stack.active(t) && (b > 1 || Math.pow(b, steps) < 1e-6)) {
                return false;
            }
        }
        return true;
    }

    /** Multiplies the first {@code rows} rows of the block's gradients by a factor per active trial. */
    private void scaleGradients(int rows, double[] factor) {
        int classes = stack.classes;
        int stacked = stack.stacked;
        for (int t = 0; t < stack.trials; t++) {
            double f = factor[t];
            if (!stack.active(t) || f == 1) {
                continue;
            }
            int col = t * classes;
            for (int i = 0; i < rows; i++) {
                int at = i * stacked + col;
                for (int k = 0; k < classes; k++) {
                    double g = f * blockGradients.get(at + k);
                    blockGradients.set(at + k, Math.abs(g) < tiny ? 0 : g);
                }
            }
        }
    }

    @Override
    public void close() {
        scores.close();
        if (gathered != null) {
            gathered.close();
        }
        if (gram != null) {
            gram.close();
            blockScores.close();
            blockGradients.close();
        }
    }
}
