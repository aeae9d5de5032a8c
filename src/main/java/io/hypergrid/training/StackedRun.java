package io.hypergrid.training;

import io.hypergrid.dataset.PreparedData;
import java.lang.ref.Reference;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Mini-batch gradient descent of T trials at once: the epochs of a {@link TrialStack} (its state), each a
 * {@link BlockDescent} over the training set and an {@link Evaluator} pass over the training and validation sets,
 * then the test set. The trials' weights are stacked into one (T*K) x d matrix, so one GEMM computes every trial's
 * scores and one applies every trial's update; lambda, eta and the decay schedule are per-trial scalars. With T = 1
 * this is plain training of one trial: there is one code path. A trial that diverges or is asked to stop (checked
 * between blocks of mini-batches and after each epoch) leaves the stack alone: its rows stop changing, the others
 * go on.
 */
final class StackedRun implements AutoCloseable {
    /** Indices of {@link #sectionNanos}. */
    static final int FORWARD = 0;
    static final int CORRECTIONS = 1;
    static final int UPDATE = 2;
    static final int EVAL_GEMM = 3;
    static final int EVAL_LOOP = 4;
    static final int LOSS = 5;

    private final PreparedData data;
    private final int epochs;
    private final boolean shuffle;
    private final long seed;
    private final TrialStack stack;
    private final NativeMatrix trainX;
    private final NativeMatrix validationX;
    private final NativeMatrix testX;
    private final BlockDescent descent;
    private final Evaluator evaluator;
    private long descentNanos;
    /**
     * Where the time goes, for profiling: forward GEMM, block corrections, update GEMM, evaluation GEMM, evaluation
     * loop, loss loop (the indices above).
     */
    final long[] sectionNanos = new long[6];

    /** Told each epoch number (0 and the last too) once every trial of the stack has recorded it. */
    private final IntConsumer afterEpoch;

    StackedRun(PreparedData data, List<TrainingTask> tasks) {
        this(data, tasks, epoch -> { }, true);
    }

    StackedRun(PreparedData data, List<TrainingTask> tasks, IntConsumer afterEpoch) {
        this(data, tasks, afterEpoch, true);
    }

    /** {@code fuseBlocks} false: one mini-batch at a time whatever the batch size (to test the blocks against). */
    StackedRun(PreparedData data, List<TrainingTask> tasks, IntConsumer afterEpoch, boolean fuseBlocks) {
        this.afterEpoch = afterEpoch;
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("nothing to train");
        }
        TrainingConfig first = tasks.get(0).config();
        int startEpoch = tasks.get(0).startEpoch();
        for (TrainingTask task : tasks) {
            if (!task.config().stackKey().equals(first.stackKey())) {
                throw new IllegalArgumentException("trials in one stack must share " + first.stackKey()
                        + ", got " + task.config().stackKey());
            }
            if (task.startEpoch() != startEpoch) {
                throw new IllegalArgumentException("trials in one stack must start after the same epoch, got "
                        + startEpoch + " and " + task.startEpoch());
            }
        }
        if (first.dtype() != data.dtype()) {
            throw new IllegalArgumentException("data is " + data.dtype().id() + ", trials want " + first.dtype().id());
        }
        this.data = data;
        this.epochs = first.epochs();
        this.shuffle = first.shuffle();
        this.seed = first.seed();
        this.stack = new TrialStack(tasks, first.dtype(), data.classes(), data.dimensions());
        this.trainX = NativeMatrix.view(data.train().features(), first.dtype());
        this.validationX = NativeMatrix.view(data.validation().features(), first.dtype());
        this.testX = NativeMatrix.view(data.test().features(), first.dtype());
        int batchSize = Math.min(first.batchSize(), data.train().count());
        this.descent = new BlockDescent(stack, trainX, data.train(), batchSize, shuffle, fuseBlocks, sectionNanos);
        int largestSet = Math.max(data.train().count(), Math.max(data.validation().count(), data.test().count()));
        this.evaluator = new Evaluator(stack, largestSet, sectionNanos);
    }

    /** See {@link BlockDescent#blockBatches}. */
    static int blockBatches(int batchSize, int n, boolean shuffle, int stacked) {
        return BlockDescent.blockBatches(batchSize, n, shuffle, stacked);
    }

    List<TrainingOutcome> run() {
        long started = System.nanoTime();
        stack.initialiseWeights();
        EpochOrder shuffled = shuffle ? new EpochOrder(seed, data.train().count()) : null;
        int startEpoch = stack.startEpoch;
        for (int e = 1; e <= startEpoch && shuffled != null; e++) {
            shuffled.next(); // a resumed run draws the orders of the epochs it skips: the next one is epoch e's own
        }
        descent.start();
        if (startEpoch == 0) {
            recordEpoch(0, started);
            afterEpoch.accept(0);
            stack.pollStopRequests(true);
        }
        for (int epoch = startEpoch + 1; epoch <= epochs && stack.anyActive(); epoch++) {
            long epochStart = System.nanoTime();
            int[] order = shuffled == null ? null : shuffled.next();
            boolean uniformDecay = stack.prepareEpoch(epoch);
            descent.epoch(order, uniformDecay);
            descentNanos += System.nanoTime() - epochStart;
            recordEpoch(epoch, epochStart);
            afterEpoch.accept(epoch);
            if (epoch < epochs) {
                // a trial stopped at this epoch's end (pruned, cancelled) runs no part of the next one; after the
                // last epoch nothing is left to save, and the trial has succeeded
                stack.pollStopRequests(true);
            }
        }

        Evaluator.Sums test = stack.anyActive() ? evaluator.evaluate(testX, data.test(), true) : null;
        double seconds = (System.nanoTime() - started) / 1e9;
        List<TrainingOutcome> outcomes = stack.outcomes(test, seconds, descentNanos / 1e9);
        Reference.reachabilityFence(this); // the native buffers must outlive the last BLAS call above
        return outcomes;
    }

    private void recordEpoch(int epoch, long since) {
        Evaluator.Sums onTrain = evaluator.evaluate(trainX, data.train(), false);
        Evaluator.Sums onValidation = evaluator.evaluate(validationX, data.validation(), false);
        stack.recordEpoch(epoch, onTrain, onValidation, (System.nanoTime() - since) / 1e9);
    }

    @Override
    public void close() {
        stack.close();
        descent.close();
        evaluator.close();
    }
}
