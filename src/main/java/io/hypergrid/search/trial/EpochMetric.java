package io.hypergrid.search.trial;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import org.hibernate.annotations.Immutable;

/** One point of a trial's curves: one row per (trial, epoch), written by the queue. */
@Entity
@Immutable
@Table(name = "epoch_metric")
@IdClass(EpochMetric.Key.class)
class EpochMetric {
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

    EpochView view() {
        return new EpochView(epoch, eta, trainLoss, trainCost, trainAccuracy, validationLoss, validationCost,
                validationAccuracy, seconds);
    }

    record Key(Long trialId, int epoch) implements Serializable {
        Key() {
            this(null, 0);
        }
    }
}
