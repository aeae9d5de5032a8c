package io.hypergrid.search.trial;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How far a search's trials have come.
 *
 * @param counts trials per state, every state present
 * @param epochsDone epochs trained (a succeeded trial counts all of its epochs)
 * @param epochsLeft epochs its pending and running trials still have to train
 * @param epochsSaved epochs that pruned trials did not run: the work early stopping saved
 * @param startedAt when its first trial started, on the database clock; null before
 * @param lastFinishedAt when its last finished trial finished; null before
 * @param secondsPerEpoch training seconds per epoch of its succeeded trials; null before the first
 */
public record Progress(Map<TrialState, Long> counts, long epochsDone, long epochsLeft, long epochsSaved,
                       Instant startedAt, Instant lastFinishedAt, Double secondsPerEpoch) {

    public Progress {
        counts = Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    public long count(TrialState state) {
        return counts.get(state);
    }

    static Progress none() {
        return new Builder().build();
    }

    static final class Builder {
        private final Map<TrialState, Long> counts = new EnumMap<>(TrialState.class);
        private long epochsDone;
        private long epochsLeft;
        private long epochsSaved;
        private Instant started;
        private Instant finished;
        private double succeededSeconds;
        private long succeededEpochs;

        Builder() {
            for (TrialState s : TrialState.values()) {
                counts.put(s, 0L);
            }
        }

        void add(TrialState state, long trials, long done, long epochs, Instant firstStart, Instant lastFinish,
                 Double seconds) {
            counts.put(state, trials);
            epochsDone += state == TrialState.SUCCEEDED ? epochs : done;
            if (state == TrialState.PENDING || state == TrialState.RUNNING) {
                epochsLeft += epochs - done;
            }
            if (state == TrialState.PRUNED) {
                epochsSaved += epochs - done;
            }
            if (state == TrialState.SUCCEEDED && seconds != null) {
                succeededSeconds += seconds;
                succeededEpochs += epochs;
            }
            if (firstStart != null && (started == null || firstStart.isBefore(started))) {
                started = firstStart;
            }
            if (lastFinish != null && (finished == null || lastFinish.isAfter(finished))) {
                finished = lastFinish;
            }
        }

        Progress build() {
            return new Progress(counts, epochsDone, epochsLeft, epochsSaved, started, finished,
                    succeededEpochs > 0 ? succeededSeconds / succeededEpochs : null);
        }
    }
}
