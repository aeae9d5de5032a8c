package io.hypergrid.training;

import io.hypergrid.dataset.Dtype;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of T trials trained as one stack: their weights stacked into one (T*K) x d matrix (trial t owns rows
 * tK..tK+K-1) and one bias vector, their per-epoch scalars, and per trial whether it is still training, its curves,
 * listener and outcome. A trial that fails or stops keeps its rows; the descent and the evaluation skip it.
 */
final class TrialStack implements AutoCloseable {
    private enum State { ACTIVE, FAILED, STOPPED }

    final List<TrainingTask> tasks;
    final Dtype dtype;
    final Loss loss;
    final int trials;
    final int classes;
    final int dims;
    /** T * K: the rows of W, the columns of every score matrix. */
    final int stacked;

    final NativeMatrix weights;
    final double[] bias;
    /** Per trial, this epoch: the factor on P - Y (eta, or eta / K; see {@link Loss#gradientScale}). */
    final double[] gradScale;
    /** Per trial, this epoch: beta = 1 - 2 eta lambda, the L2 decay of W per mini-batch. */
    final double[] rowFactor;

    private final State[] state;
    private final String[] reason;
    private final int[] epochsDone;
    /** Per trial stopped at an epoch's end: its W and b then (see {@link TrainingOutcome#checkpoint()}). */
    private final InitialWeights[] checkpoints;
    /** The epoch the stack's trials start after: 0, or the epoch of the checkpoints they resume from. */
    final int startEpoch;
    private final List<List<EpochMetrics>> curves = new ArrayList<>();

    TrialStack(List<TrainingTask> tasks, Dtype dtype, int classes, int dims) {
        this.tasks = List.copyOf(tasks);
        this.dtype = dtype;
        this.loss = tasks.get(0).config().loss();
        this.trials = tasks.size();
        this.classes = classes;
        this.dims = dims;
        this.stacked = trials * classes;
        this.state = new State[trials];
        Arrays.fill(state, State.ACTIVE);
        this.reason = new String[trials];
        this.startEpoch = tasks.get(0).startEpoch();
        this.epochsDone = new int[trials];
        Arrays.fill(epochsDone, startEpoch);
        this.checkpoints = new InitialWeights[trials];
        for (int t = 0; t < trials; t++) {
            curves.add(new ArrayList<>(tasks.get(0).config().epochs() + 1));
        }
        this.gradScale = new double[trials];
        this.rowFactor = new double[trials];
        this.bias = new double[stacked];
        this.weights = NativeMatrix.allocate(dtype, stacked, dims);
    }

    /**
     * Each trial's given weights, or the draw from its seed and initStd. The seed is the whole stack's, so trials
     * with the same initStd share one draw.
     */
    void initialiseWeights() {
        Map<Double, InitialWeights> drawn = new HashMap<>();
        for (int t = 0; t < trials; t++) {
            InitialWeights init = tasks.get(t).initialWeights();
            if (init == null) {
                TrainingConfig c = tasks.get(t).config();
                init = drawn.computeIfAbsent(c.initStd(), std -> InitialWeights.seeded(c.seed(), std, classes, dims));
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
    boolean prepareEpoch(int epoch) {
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

    boolean active(int t) {
        return state[t] == State.ACTIVE;
    }

    boolean anyActive() {
        for (State s : state) {
            if (s == State.ACTIVE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the trials whose stop was requested. At an epoch's end ({@code epochEnd}), each keeps its weights as its
     * checkpoint: taken now, because a stopped trial's rows still take the stack's common decay.
     */
    void pollStopRequests(boolean epochEnd) {
        for (int t = 0; t < trials; t++) {
            if (state[t] == State.ACTIVE && tasks.get(t).stopRequested().getAsBoolean()) {
                state[t] = State.STOPPED;
                if (epochEnd) {
                    checkpoints[t] = new InitialWeights(classes, dims, weightsAndBias(t));
                }
            }
        }
    }

    /**
     * Records an epoch's metrics for every active trial and tells its listener; a trial whose cost is not finite
     * fails (diverged), as does one whose listener throws.
     */
    void recordEpoch(int epoch, Evaluator.Sums onTrain, Evaluator.Sums onValidation, double seconds) {
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

    /** lambda ||W||^2 of trial t. */
    double regularisation(int t) {
        double sum = 0;
        int from = t * classes * dims;
        int to = from + classes * dims;
        for (int i = from; i < to; i++) {
            double w = weights.get(i);
            sum += w * w;
        }
        return tasks.get(t).config().lambda() * sum;
    }

    /** Every trial's outcome; {@code test} holds the test set's sums (with confusion) when any trial succeeded. */
    List<TrainingOutcome> outcomes(Evaluator.Sums test, double seconds, double descentSeconds) {
        List<TrainingOutcome> outcomes = new ArrayList<>(trials);
        for (int t = 0; t < trials; t++) {
            if (state[t] == State.FAILED) {
                outcomes.add(TrainingOutcome.failed(reason[t], epochsDone[t]));
            } else if (state[t] == State.STOPPED) {
                outcomes.add(TrainingOutcome.stopped(epochsDone[t], checkpoints[t]));
            } else {
                outcomes.add(TrainingOutcome.succeeded(result(t, test, seconds, descentSeconds)));
            }
        }
        return outcomes;
    }

    private TrainingResult result(int t, Evaluator.Sums test, double seconds, double descentSeconds) {
        List<EpochMetrics> curve = curves.get(t);
        EpochMetrics last = curve.get(curve.size() - 1);
        int[][] confusion = test.confusion(t);
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            int total = Arrays.stream(confusion[c]).sum();
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return new TrainingResult(last.train(), last.validation(), test.metrics(t), perClass, confusion,
                List.copyOf(curve), weightsAndBias(t), seconds, descentSeconds);
    }

    /** Trial t's W (K x d, row-major) then b, as they are now. */
    private double[] weightsAndBias(int t) {
        double[] w = new double[classes * dims + classes];
        int from = t * classes * dims;
        for (int i = 0; i < classes * dims; i++) {
            w[i] = weights.get(from + i);
        }
        System.arraycopy(bias, t * classes, w, classes * dims, classes);
        return w;
    }

    @Override
    public void close() {
        weights.close();
    }
}
