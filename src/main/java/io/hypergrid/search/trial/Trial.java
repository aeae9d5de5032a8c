package io.hypergrid.search.trial;

import io.hypergrid.search.parameter.TrialParameters;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Immutable;

/**
 * One point of a search, as the API reads it. Read-only here: every write is the queue's, conditional on the row's
 * state, owner and attempt (see {@code search.queue}).
 */
@Entity
@Immutable
@Table(name = "trial")
class Trial {
    @Id
    Long id;
    Long searchId;
    int gridIndex;
    /** The configuration this trial trains: repeats of one configuration share it (without repeats, gridIndex). */
    int configIndex;
    /** Which repeat of its configuration (0 to repeats - 1); its seed is the configuration's seed + repeat. */
    int repeatIndex;
    @Embedded
    TrialParameters parameters;

    @Enumerated(EnumType.STRING)
    TrialState state;
    int attempt;
    Instant startedAt;
    Instant finishedAt;
    int epochsDone;
    String failureReason;
    String stopReason;

    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "accuracy", column = @Column(name = "train_accuracy")),
            @AttributeOverride(name = "loss", column = @Column(name = "train_loss")),
            @AttributeOverride(name = "cost", column = @Column(name = "train_cost"))})
    Metrics train;
    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "accuracy", column = @Column(name = "validation_accuracy")),
            @AttributeOverride(name = "loss", column = @Column(name = "validation_loss")),
            @AttributeOverride(name = "cost", column = @Column(name = "validation_cost"))})
    Metrics validation;
    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "accuracy", column = @Column(name = "test_accuracy")),
            @AttributeOverride(name = "loss", column = @Column(name = "test_loss")),
            @AttributeOverride(name = "cost", column = @Column(name = "test_cost"))})
    Metrics test;
    @Convert(converter = JsonColumns.Doubles.class)
    List<Double> testClassAccuracy;
    @Convert(converter = JsonColumns.Matrix.class)
    List<List<Integer>> confusion;
    Double trainingSeconds;
    /** The epoch of its last checkpoint (a successive-halving rung it passed), or null. */
    Integer checkpointEpoch;
    /** Waiting at that rung to go on (pending). */
    boolean paused;

    protected Trial() {
    }

    TrialView view(boolean detail) {
        return new TrialView(id, searchId, gridIndex, parameters, state, attempt, epochsDone, startedAt, finishedAt,
                failureReason, stopReason, TrialView.Results.of(train, validation, test), testClassAccuracy,
                detail ? confusion : null, trainingSeconds, configIndex, repeatIndex, checkpointEpoch, paused);
    }
}
