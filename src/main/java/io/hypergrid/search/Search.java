package io.hypergrid.search;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** What a user submitted: the grid as sent, its limits, and whether it was cancelled. Its state is derived. */
@Entity
@Table(name = "search")
public class Search {
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
    private Long sampleSeed;
    private int repeats;
    private String earlyStopping;
    private Integer warmupEpochs;
    private Integer minTrials;
    private Integer minEpochs;
    private Integer reductionFactor;
    private Double targetValidationAccuracy;
    private Double maxWallSeconds;
    private String stopReason;
    @Column(updatable = false)
    private Instant createdAt;
    @Version
    private long version;

    protected Search() {
    }

    Search(String name, String dataset, String spec, String objective, Integer maxParallelTrials,
           Integer maxFailedTrials, int trialCount, long epochsTotal, Instant createdAt) {
        this.name = name;
        this.dataset = dataset;
        this.spec = spec;
        this.objective = objective;
        this.maxParallelTrials = maxParallelTrials;
        this.maxFailedTrials = maxFailedTrials;
        this.trialCount = trialCount;
        this.epochsTotal = epochsTotal;
        this.createdAt = createdAt;
        this.strategy = "grid";
        this.repeats = 1;
    }

    /** How the search runs: its strategy, repeats, early stopping and stop conditions. */
    void configure(SearchPlan plan, Double targetValidationAccuracy, Double maxWallSeconds) {
        this.strategy = plan.strategy();
        this.sampleSeed = plan.sampleSeed();
        this.repeats = plan.repeats();
        EarlyStopping e = plan.earlyStopping();
        if (e != null) {
            this.earlyStopping = e.type();
            this.warmupEpochs = e.warmupEpochs();
            this.minTrials = e.minTrials();
            this.minEpochs = e.minEpochs();
            this.reductionFactor = e.reductionFactor();
        }
        this.targetValidationAccuracy = targetValidationAccuracy;
        this.maxWallSeconds = maxWallSeconds;
    }

    public String getStrategy() {
        return strategy;
    }

    public Long getSampleSeed() {
        return sampleSeed;
    }

    public int getRepeats() {
        return repeats;
    }

    /** The early-stopping rule, or null. */
    public EarlyStopping getEarlyStopping() {
        return earlyStopping == null ? null
                : new EarlyStopping(earlyStopping, warmupEpochs, minTrials, minEpochs, reductionFactor);
    }

    public Double getTargetValidationAccuracy() {
        return targetValidationAccuracy;
    }

    public Double getMaxWallSeconds() {
        return maxWallSeconds;
    }

    /** Why the search stopped before running all its trials without failing (target reached, time used up). */
    public String getStopReason() {
        return stopReason;
    }

    void setStopReason(String stopReason) {
        this.stopReason = stopReason;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDataset() {
        return dataset;
    }

    public String getSpec() {
        return spec;
    }

    public String getObjective() {
        return objective;
    }

    public Integer getMaxParallelTrials() {
        return maxParallelTrials;
    }

    public Integer getMaxFailedTrials() {
        return maxFailedTrials;
    }

    public int getTrialCount() {
        return trialCount;
    }

    public long getEpochsTotal() {
        return epochsTotal;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    void setCancelRequested(boolean cancelRequested) {
        this.cancelRequested = cancelRequested;
    }

    public String getFailureReason() {
        return failureReason;
    }

    void setFailureReason(String failureReason) {
        this.failureReason = failureReason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
