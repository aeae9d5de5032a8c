package io.hypergrid.search;

import io.hypergrid.search.pruning.EarlyStopping;
import io.hypergrid.search.strategy.SearchSpace;
import io.hypergrid.search.strategy.Strategy;
import io.hypergrid.search.submission.SearchPlan;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user submitted: the request as sent, where and how it searches, its limits, and whether it was cancelled
 * or stopped. Its state is derived from its trials.
 */
@Entity
@Table(name = "search")
class Search {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String dataset;
    private String spec;
    private String objective;
    private Integer maxParallelTrials;
    private Integer maxFailedTrials;
    private int trialCount;
    private long epochsTotal;
    private boolean cancelRequested;
    private String failureReason;
    private String strategy;
    @Convert(converter = StrategyJson.class)
    private Strategy strategySpec;
    @Convert(converter = SpaceJson.class)
    private SearchSpace space;
    /** Whether its strategy still has points to propose (a strategy that learns). */
    private boolean proposing;
    private Long sampleSeed;
    private int repeats;
    @Convert(converter = EarlyStoppingJson.class)
    private EarlyStopping earlyStopping;
    private Double targetValidationAccuracy;
    private Double maxWallSeconds;
    private String stopReason;
    @Column(updatable = false)
    private Instant createdAt;
    @Version
    private long version;

    protected Search() {
    }

    Search(SearchPlan plan, String spec, String objective, long epochsTotal, Instant createdAt) {
        this.name = plan.name();
        this.dataset = plan.dataset();
        this.spec = spec;
        this.objective = objective;
        this.maxParallelTrials = plan.limits().maxParallelTrials();
        this.maxFailedTrials = plan.limits().maxFailedTrials();
        this.targetValidationAccuracy = plan.limits().targetValidationAccuracy();
        this.maxWallSeconds = plan.limits().maxWallSeconds();
        this.trialCount = plan.trialCount();
        this.epochsTotal = epochsTotal;
        this.createdAt = createdAt;
        this.strategy = plan.strategy().type();
        this.strategySpec = plan.strategy();
        this.space = plan.space();
        this.proposing = plan.points().size() < plan.trialCount();
        this.sampleSeed = plan.strategy().sampleSeed();
        this.repeats = plan.repeats();
        this.earlyStopping = plan.earlyStopping();
    }

    Long getId() {
        return id;
    }

    /** Bumped by every change of the search's row, a retry included: what a cached summary is checked against. */
    long getVersion() {
        return version;
    }

    String getName() {
        return name;
    }

    String getDataset() {
        return dataset;
    }

    String getSpec() {
        return spec;
    }

    String getObjective() {
        return objective;
    }

    Integer getMaxParallelTrials() {
        return maxParallelTrials;
    }

    Integer getMaxFailedTrials() {
        return maxFailedTrials;
    }

    int getTrialCount() {
        return trialCount;
    }

    long getEpochsTotal() {
        return epochsTotal;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    void setCancelRequested(boolean cancelRequested) {
        this.cancelRequested = cancelRequested;
    }

    String getFailureReason() {
        return failureReason;
    }

    void setFailureReason(String failureReason) {
        this.failureReason = failureReason;
    }

    String getStrategy() {
        return strategy;
    }

    /** Whether its strategy will still propose trials: it counts as having pending ones. */
    boolean owesTrials() {
        return proposing && !cancelRequested && failureReason == null && stopReason == null;
    }

    Long getSampleSeed() {
        return sampleSeed;
    }

    int getRepeats() {
        return repeats;
    }

    /** The early-stopping rule in force (defaults filled in), or null. */
    EarlyStopping getEarlyStopping() {
        return earlyStopping;
    }

    Double getTargetValidationAccuracy() {
        return targetValidationAccuracy;
    }

    Double getMaxWallSeconds() {
        return maxWallSeconds;
    }

    /** Why the search stopped before running all its trials without failing (target reached, time used up). */
    String getStopReason() {
        return stopReason;
    }

    void setStopReason(String stopReason) {
        this.stopReason = stopReason;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A JSON column of a type Jackson reads back by itself (the sealed types carry their {@code type}). */
    abstract static class JsonColumn<T> implements AttributeConverter<T, String> {
        private final Class<T> type;

        JsonColumn(Class<T> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(T value) {
            return value == null ? null : JSON.writerFor(type).writeValueAsString(value);
        }

        @Override
        public T convertToEntityAttribute(String json) {
            return json == null ? null : JSON.readValue(json, type);
        }
    }

    @jakarta.persistence.Converter
    static final class StrategyJson extends JsonColumn<Strategy> {
        StrategyJson() {
            super(Strategy.class);
        }
    }

    @jakarta.persistence.Converter
    static final class SpaceJson extends JsonColumn<SearchSpace> {
        SpaceJson() {
            super(SearchSpace.class);
        }
    }

    @jakarta.persistence.Converter
    static final class EarlyStoppingJson extends JsonColumn<EarlyStopping> {
        EarlyStoppingJson() {
            super(EarlyStopping.class);
        }
    }
}
