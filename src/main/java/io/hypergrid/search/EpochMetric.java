package io.hypergrid.search;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One point of a trial's curves: one row per (trial, epoch). */
@Entity
@Table(name = "epoch_metric")
@IdClass(EpochMetric.Key.class)
public class EpochMetric {
    @Id
    Long trialId;
    @Id
    int epoch;
    Double eta;
    double trainLoss;
    double trainCost;
    double trainAccuracy;
    double validationLoss;
    double validationCost;
    double validationAccuracy;
    double seconds;

    protected EpochMetric() {
    }

    public record Key(Long trialId, int epoch) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
