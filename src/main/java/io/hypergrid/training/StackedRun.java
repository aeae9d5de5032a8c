package io.hypergrid.training;

import io.hypergrid.dataset.Examples;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Precision;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mini-batch gradient descent of T trials at once. Their weights are stacked into one (T*K) x d matrix, so one
 * GEMM computes every trial's scores for a mini-batch and one GEMM applies every trial's update; lambda, eta and
 * the decay schedule are per-trial scalars folded into the gradient and into a row scaling of W. With T = 1 this
 * is plain training of one trial: there is one code path.
 *
 * <p>Per mini-batch of m rows Xb (m x d, rows of the C-ordered training matrix, so a contiguous block):
 * <pre>
 *   S  = Xb W^T                      (m x TK)   one GEMM
 *   G  = (P - Y) * eta_t / m [/ K]   (in S)     Java loop: the loss's probabilities per trial's K columns
 *   W  = (1 - 2 eta_t lambda_t) W - G^T Xb      one GEMM (the decay as beta or a per-trial SCAL)
 *   b -= column sums of G
 * </pre>
 * which is {@code W -= eta (G X^T / n + 2 lambda W)} of design §1 with the scalars fused into the products.
 *
 * <p>Small mini-batches are trained a block of about {@value #BLOCK_ROWS} rows at a time with the same result
 * (see {@link #descendBlock}). A trial that diverges or is asked to stop (checked between blocks) leaves the stack
 * alone: its rows stop changing (zero gradient), the others go on.
 */
final class StackedRun implements AutoCloseable {
    /** Rows of an evaluation product at a time: large enough for an efficient GEMM, small enough to stay in cache. */
    private static final int EVAL_CHUNK = 2048;
    /**
     * Rows of a descent block: small mini-batches are trained a block at a time, with the products of the block
     * fused (see {@link #descendBlock}). A 10-row product against the whole stacked W runs at a fifth of the
     * machine's rate (each call packs all of W); a 256-row one near its peak.
     */
    static final int BLOCK_ROWS = 256;

    private enum State { ACTIVE, FAILED, STOPPED }

    private final PreparedData data;
    private final List<TrainingTask> tasks;
    private final Precision precision;
    private final Loss loss;
    private final int batchSize;
    private final int epochs;
    private final int trials;
    private final int classes;
    private final int dims;
    private final int stacked;

    private final NativeMatrix weights;
    private final double[] bias;
    private final double[] biasStep;
    private final NativeMatrix scores;
    private final NativeMatrix gathered;
    /** Mini-batches per descent block; 1 = one mini-batch at a time (large batches, or not worth it). */
    private final int blockBatches;
    private final NativeMatrix blockScores;
    private final NativeMatrix blockGradients;
    /** Gram matrices X_b X_b^T of the blocks: all of them, computed once, when the order is fixed; else one. */
    private final NativeMatrix gram;
    private final double[] power;
    private final double[] lastPower;
    /** Factor on the gradient rows as stored (the block's rescaled rows, see {@link #descendBlock}); else 1. */
    private final double[] storeScale;
    private final NativeMatrix evalScores;
    private final NativeMatrix trainX;
    private final NativeMatrix validationX;
    private final NativeMatrix testX;

    private final State[] state;
    private final String[] reason;
    private final int[] epochsDone;
    private final List<List<EpochMetrics>> curves = new ArrayList<>();
    private final double[] gradScale;
    private final double[] rowFactor;
    private final double[] probabilities;
    /**
     * Gradient entries smaller than this are stored as 0: a saturated softmax or sigmoid (a diverging trial, a large
     * step) gives probabilities that underflow to subnormal numbers, and every product that reads a subnormal
     * operand takes a microcode assist on Intel cores (3x slower GEMMs at batch 10, measured). The entries dropped
     * are 20+ orders of magnitude below the gradient's scale, far below float rounding.
     */
    private final double tiny;
    private long descentNanos;
    /** Where the time goes (forward GEMM, loss loop, update GEMM, evaluation GEMM, evaluation loop): for profiling. */
    final long[] sectionNanos = new long[6];

    /** Told each epoch number (0 and the last too) once every trial of the stack has recorded it. */
    private final java.util.function.IntConsumer afterEpoch;

    StackedRun(PreparedData data, List<TrainingTask> tasks) {
        this(data, tasks, epoch -> { }, true);
    }

    StackedRun(PreparedData data, List<TrainingTask> tasks, java.util.function.IntConsumer afterEpoch) {
        this(data, tasks, afterEpoch, true);
    }

    /** {@code fuseBlocks} false: one mini-batch at a time whatever the batch size (to test the blocks against). */
    StackedRun(PreparedData data, List<TrainingTask> tasks, java.util.function.IntConsumer afterEpoch,
               boolean fuseBlocks) {
        this.afterEpoch = afterEpoch;
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("nothing to train");
        }
        TrainingConfig first = tasks.get(0).config();
        for (TrainingTask task : tasks) {
            if (!task.config().stackKey().equals(first.stackKey())) {
                throw new IllegalArgumentException("trials in one stack must share " + first.stackKey()
                        + ", got " + task.config().stackKey());
            }
        }
        if (first.precision() != data.precision()) {
            throw new IllegalArgumentException("data is " + data.precision().id() + ", trials want " + first.precision().id());
        }
        this.data = data;
        this.tasks = List.copyOf(tasks);
        this.precision = first.precision();
        this.loss = first.loss();
        this.batchSize = Math.min(first.batchSize(), data.train().count());
        this.epochs = first.epochs();
        this.trials = tasks.size();
        this.classes = data.classes();
        this.dims = data.dimensions();
        this.stacked = trials * classes;

        this.state = new State[trials];
        Arrays.fill(state, State.ACTIVE);
        this.reason = new String[trials];
        this.epochsDone = new int[trials];
        for (int t = 0; t < trials; t++) {
            curves.add(new ArrayList<>(epochs + 1));
        }
        this.gradScale = new double[trials];
        this.rowFactor = new double[trials];
        this.probabilities = new double[classes];
        this.tiny = precision == Precision.FLOAT32 ? 1e-30 : 1e-280;
        this.bias = new double[stacked];
        this.biasStep = new double[stacked];

        this.trainX = NativeMatrix.view(data.train().features(), precision);
        this.validationX = NativeMatrix.view(data.validation().features(), precision);
        this.testX = NativeMatrix.view(data.test().features(), precision);
        this.weights = NativeMatrix.allocate(precision, stacked, dims);
        this.scores = NativeMatrix.allocate(precision, batchSize, stacked);
        this.blockBatches = fuseBlocks ? blockBatches(batchSize, data.train().count(), first.shuffle(), stacked) : 1;
        int blockRows = blockBatches * batchSize;
        this.gathered = first.shuffle() ? NativeMatrix.allocate(precision, blockRows, dims) : null;
        this.power = new double[trials];
        this.lastPower = new double[trials];
        this.storeScale = new double[trials];
        Arrays.fill(storeScale, 1);
        if (blockBatches > 1) {
            int blocks = first.shuffle() ? 1 : (data.train().count() + blockRows - 1) / blockRows;
            this.blockScores = NativeMatrix.allocate(precision, blockRows, stacked);
            this.blockGradients = NativeMatrix.allocate(precision, blockRows, stacked);
            this.gram = NativeMatrix.allocate(precision, blocks * blockRows, blockRows);
        } else {
            this.blockScores = null;
            this.blockGradients = null;
            this.gram = null;
        }
        int evalRows = Math.min(EVAL_CHUNK, Math.max(data.train().count(),
                Math.max(data.validation().count(), data.test().count())));
        this.evalScores = NativeMatrix.allocate(precision, evalRows, stacked);
    }

    List<TrainingOutcome> run() {
        long started = System.nanoTime();
        initialiseWeights();
        Examples train = data.train();
        int n = train.count();
        EpochOrder shuffled = tasks.get(0).config().shuffle() ? new EpochOrder(tasks.get(0).config().seed(), n) : null;

        if (blockBatches > 1 && shuffled == null) {
            fixedOrderGrams();
        }
        recordEpoch(0, started);
        afterEpoch.accept(0);
        pollStopRequests();
        int blockRows = blockBatches * batchSize;
        for (int epoch = 1; epoch <= epochs && anyActive(); epoch++) {
            long epochStart = System.nanoTime();
            long descentStart = System.nanoTime();
            int[] order = shuffled == null ? null : shuffled.next();
            boolean uniformDecay = prepareEpoch(epoch);
            for (int start = 0, block = 0; start < n && anyActive(); start += blockRows, block++) {
                pollStopRequests();
                int rows = Math.min(blockRows, n - start);
                if (blockBatches == 1) {
                    descend(start, rows, order, uniformDecay);
                } else {
                    descendBlock(start, rows, block, order, uniformDecay);
                }
            }
            descentNanos += System.nanoTime() - descentStart;
            recordEpoch(epoch, epochStart);
            afterEpoch.accept(epoch);
            if (epoch < epochs) {
                // a trial stopped at this epoch's end (pruned, cancelled) runs no part of the next one; after the
                // last epoch nothing is left to save, and the trial has succeeded
                pollStopRequests();
            }
        }

        List<TrainingOutcome> outcomes = new ArrayList<>(trials);
        boolean anySucceeded = anyActive();
        Evaluation test = anySucceeded ? evaluate(testX, data.test(), true) : null;
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int t = 0; t < trials; t++) {
            if (state[t] == State.FAILED) {
                outcomes.add(TrainingOutcome.failed(reason[t], epochsDone[t]));
            } else if (state[t] == State.STOPPED) {
                outcomes.add(TrainingOutcome.stopped(epochsDone[t]));
            } else {
                outcomes.add(TrainingOutcome.succeeded(result(t, test, seconds)));
            }
        }
        Reference.reachabilityFence(this); // the native buffers must outlive the last BLAS call above
        return outcomes;
    }

    private void initialiseWeights() {
        InitialWeights seeded = null;
        for (int t = 0; t < trials; t++) {
            InitialWeights init = tasks.get(t).initialWeights();
            if (init == null) {
                if (seeded == null) {
                    seeded = InitialWeights.seeded(tasks.get(t).config().seed(), classes, dims);
                }
                init = seeded;
            }
            if (init.classes() != classes || init.dimensions() != dims) {
                throw new IllegalArgumentException("initial weights are " + init.classes() + " x " + init.dimensions()
                        + ", the data needs " + classes + " x " + dims);
            }
            double[] v = init.values();
            int rowBase = t * classes * dims;
            for (int i = 0; i < classes * dims; i++) {
                weights.set(rowBase + i, v[i]);
            }
            System.arraycopy(v, classes * dims, bias, t * classes, classes);
        }
    }

    /** Per-trial scalars of this epoch; true when every active trial decays W by the same factor. */
    private boolean prepareEpoch(int epoch) {
        double common = Double.NaN;
        boolean uniform = true;
        for (int t = 0; t < trials; t++) {
            TrainingConfig c = tasks.get(t).config();
            double eta = c.etaAt(epoch);
            gradScale[t] = loss.gradientScale(eta, classes);
            rowFactor[t] = 1 - 2 * eta * c.lambda();
            if (state[t] == State.ACTIVE) {
                if (Double.isNaN(common)) {
                    common = rowFactor[t];
                } else if (common != rowFactor[t]) {
                    uniform = false;
                }
            }
        }
        return uniform;
    }

    private void descend(int start, int m, int[] order, boolean uniformDecay) {
        org.bytedeco.javacpp.Pointer xb;
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
        Blas.gemm(precision, false, true, m, stacked, dims, 1, xb, dims, weights.pointer(), dims, 0, scores.pointer(), stacked);
        long t1 = System.nanoTime();

        gradient(start, m, order, scores, 0);

        long t2 = System.nanoTime();
        double beta = decayWeights(rowFactor, uniformDecay);
        // W = beta W - G^T Xb   (G already holds eta / m)
        Blas.gemm(precision, true, false, stacked, dims, m, -1, scores.pointer(), stacked, xb, dims, beta, weights.pointer(), dims);
        long t3 = System.nanoTime();
        sectionNanos[0] += t1 - t0;
        sectionNanos[5] += t2 - t1;
        sectionNanos[2] += t3 - t2;
    }

    /**
     * The scaled gradient of the loss w.r.t. the scores of m examples (the scores are in {@link #scores}), written to
     * {@code into} from row {@code intoRow} (it may be the scores themselves), then the bias step. Examples are
     * {@code start..start+m} of the epoch's order.
     */
    private void gradient(int start, int m, int[] order, NativeMatrix into, int intoRow) {
        int[] labels = data.train().labels();
        Arrays.fill(biasStep, 0);
        double perRow = 1.0 / m;
        for (int i = 0; i < m; i++) {
            int y = order == null ? labels[start + i] : labels[order[start + i]];
            int rowBase = i * stacked;
            int intoBase = (intoRow + i) * stacked;
            for (int t = 0; t < trials; t++) {
                int col = t * classes;
                if (state[t] != State.ACTIVE) {
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

    private void fixedOrderGrams() {
        int n = data.train().count();
        int blockRows = blockBatches * batchSize;
        for (int start = 0, block = 0; start < n; start += blockRows, block++) {
            int rows = Math.min(blockRows, n - start);
            org.bytedeco.javacpp.Pointer xb = trainX.at((long) start * dims);
            Blas.gemm(precision, false, true, rows, rows, dims, 1, xb, dims, xb, dims, 0,
                    gram.at((long) block * blockRows * blockRows), blockRows);
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
        int blockRows = blockBatches * batchSize;
        org.bytedeco.javacpp.Pointer xb;
        long gramAt;
        if (order == null) {
            xb = trainX.at((long) start * dims);
            gramAt = (long) block * blockRows * blockRows;
        } else {
            for (int i = 0; i < rows; i++) {
                gathered.copy(trainX, order[start + i] * dims, i * dims, dims);
            }
            xb = gathered.pointer();
            Blas.gemm(precision, false, true, rows, rows, dims, 1, xb, dims, xb, dims, 0, gram.pointer(), blockRows);
            gramAt = 0;
        }
        long t0 = System.nanoTime();
        // P = X W_0^T for the whole block
        Blas.gemm(precision, false, true, rows, stacked, dims, 1, xb, dims, weights.pointer(), dims, 0,
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
                Blas.gemm(precision, false, false, m, stacked, o, -1, gram.at(gramAt + (long) o * blockRows), blockRows,
                        blockGradients.pointer(), stacked, 0, scores.pointer(), stacked);
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
        Blas.gemm(precision, true, false, stacked, dims, rows, -1, blockGradients.pointer(), stacked, xb, dims, beta,
                weights.pointer(), dims);
        long t3 = System.nanoTime();
        sectionNanos[0] += t1 - t0;
        sectionNanos[1] += t2 - t1 - lossNanos;
        sectionNanos[2] += t3 - t2;
        sectionNanos[5] += lossNanos;
    }

    /**
     * Applies each active trial's decay factor to its rows of W: returned as the update product's beta when the
     * factors are all the same (no extra pass over W), else applied here and 1 returned.
     */
    private double decayWeights(double[] factor, boolean uniform) {
        if (uniform) {
            for (int t = 0; t < trials; t++) {
                if (state[t] == State.ACTIVE) {
                    return factor[t];
                }
            }
            return 1;
        }
        int block = classes * dims;
        for (int t = 0; t < trials; t++) {
            if (state[t] == State.ACTIVE && factor[t] != 1) {
                Blas.scal(precision, block, factor[t], weights.at((long) t * block));
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
        for (int t = 0; t < trials; t++) {
            double b = Math.abs(rowFactor[t]);
            if (state[t] == State.ACTIVE && (b > 1 || Math.pow(b, steps) < 1e-6)) {
                return false;
            }
        }
        return true;
    }

    /** Multiplies the first {@code rows} rows of the block's gradients by a factor per active trial. */
    private void scaleGradients(int rows, double[] factor) {
        for (int t = 0; t < trials; t++) {
            double f = factor[t];
            if (state[t] != State.ACTIVE || f == 1) {
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


    private void recordEpoch(int epoch, long since) {
        Evaluation onTrain = evaluate(trainX, data.train(), false);
        Evaluation onValidation = evaluate(validationX, data.validation(), false);
        double seconds = (System.nanoTime() - since) / 1e9;
        for (int t = 0; t < trials; t++) {
            if (state[t] != State.ACTIVE) {
                continue;
            }
            SetMetrics tr = onTrain.metrics(t);
            SetMetrics va = onValidation.metrics(t);
            if (!Double.isFinite(tr.cost()) || !Double.isFinite(va.cost())) {
                state[t] = State.FAILED;
                reason[t] = "diverged at epoch " + epoch + " (training cost " + tr.cost() + ")";
                continue;
            }
            Double eta = epoch == 0 ? null : tasks.get(t).config().etaAt(epoch);
            EpochMetrics metrics = new EpochMetrics(epoch, eta, tr, va, seconds);
            curves.get(t).add(metrics);
            epochsDone[t] = epoch;
            try {
                tasks.get(t).listener().onEpoch(metrics);
            } catch (RuntimeException e) {
                // the listener is this trial's alone (its progress store): its failure must not end the others
                state[t] = State.FAILED;
                reason[t] = "failed at epoch " + epoch + ": " + e;
            }
        }
    }

    private void pollStopRequests() {
        for (int t = 0; t < trials; t++) {
            if (state[t] == State.ACTIVE && tasks.get(t).stopRequested().getAsBoolean()) {
                state[t] = State.STOPPED;
            }
        }
    }

    private boolean anyActive() {
        for (State s : state) {
            if (s == State.ACTIVE) {
                return true;
            }
        }
        return false;
    }

    /** Loss, accuracy (and optionally the confusion matrix) of every active trial on a set, in one product per chunk. */
    private Evaluation evaluate(NativeMatrix x, Examples examples, boolean confusion) {
        int n = examples.count();
        int[] labels = examples.labels();
        Evaluation e = new Evaluation(trials, classes, n, confusion);
        for (int t = 0; t < trials; t++) {
            e.regularisation[t] = state[t] == State.ACTIVE ? tasks.get(t).config().lambda() * squaredNorm(t) : Double.NaN;
        }
        double[] s = new double[classes];
        for (int start = 0; start < n; start += evalScores.rows) {
            int rows = Math.min(evalScores.rows, n - start);
            long t0 = System.nanoTime();
            Blas.gemm(precision, false, true, rows, stacked, dims, 1, x.at((long) start * dims), dims,
                    weights.pointer(), dims, 0, evalScores.pointer(), stacked);
            long t1 = System.nanoTime();
            sectionNanos[3] += t1 - t0;
            for (int i = 0; i < rows; i++) {
                int y = labels[start + i];
                for (int t = 0; t < trials; t++) {
                    if (state[t] != State.ACTIVE) {
                        continue;
                    }
                    int col = t * classes;
                    int at = i * stacked + col;
                    int predicted = loss.predict(evalScores, at, bias, col, s);
                    e.lossSum[t] += loss.sampleLoss(s, y);
                    if (predicted == y) {
                        e.correct[t]++;
                    }
                    if (confusion) {
                        e.confusion[t][y][predicted]++;
                    }
                }
            }
            sectionNanos[4] += System.nanoTime() - t1;
        }
        return e;
    }

    private double squaredNorm(int t) {
        double sum = 0;
        int from = t * classes * dims;
        int to = from + classes * dims;
        for (int i = from; i < to; i++) {
            double w = weights.get(i);
            sum += w * w;
        }
        return sum;
    }

    private TrainingResult result(int t, Evaluation test, double seconds) {
        List<EpochMetrics> curve = curves.get(t);
        EpochMetrics last = curve.get(curve.size() - 1);
        int[][] confusion = test.confusion[t];
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            int total = Arrays.stream(confusion[c]).sum();
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        double[] w = new double[classes * dims + classes];
        int from = t * classes * dims;
        for (int i = 0; i < classes * dims; i++) {
            w[i] = weights.get(from + i);
        }
        System.arraycopy(bias, t * classes, w, classes * dims, classes);
        return new TrainingResult(last.train(), last.validation(), test.metrics(t), perClass, confusion,
                List.copyOf(curve), w, seconds, descentNanos / 1e9);
    }

    @Override
    public void close() {
        weights.close();
        scores.close();
        evalScores.close();
        if (gathered != null) {
            gathered.close();
        }
        if (gram != null) {
            gram.close();
            blockScores.close();
            blockGradients.close();
        }
    }

    /** Sums over one set for every trial of the stack. */
    private static final class Evaluation {
        final double[] lossSum;
        final int[] correct;
        final double[] regularisation;
        final int[][][] confusion;
        final int n;

        Evaluation(int trials, int classes, int n, boolean withConfusion) {
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
    }
}
