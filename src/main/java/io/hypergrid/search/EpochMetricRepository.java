package io.hypergrid.search;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface EpochMetricRepository extends JpaRepository<EpochMetric, EpochMetric.Key> {
    List<EpochMetric> findByTrialIdOrderByEpoch(Long trialId);

    @Modifying
    @Query("delete from EpochMetric e where e.trialId = :trialId")
    int deleteByTrial(@Param("trialId") Long trialId);

    /** Written only while the writer still owns the trial in this attempt: a worker that lost its lease writes nothing. */
    @Modifying
    @Query(nativeQuery = true, value = "insert into epoch_metric (trial_id, epoch, eta, train_loss, train_cost,"
            + " train_accuracy, validation_loss, validation_cost, validation_accuracy, seconds)"
            // typed parameters: PostgreSQL cannot infer the type of a bare parameter in a select list
            + " select t.id, cast(:epoch as integer), cast(:eta as double precision), cast(:trainLoss as double precision),"
            + " cast(:trainCost as double precision), cast(:trainAccuracy as double precision),"
            + " cast(:validationLoss as double precision), cast(:validationCost as double precision),"
            + " cast(:validationAccuracy as double precision), cast(:seconds as double precision) from trial t"
            + " where t.id = :trialId and t.owner = :owner and t.attempt = :attempt and t.state = 'RUNNING'")
    int insertIfOwned(@Param("trialId") Long trialId, @Param("owner") String owner, @Param("attempt") int attempt,
                      @Param("epoch") int epoch, @Param("eta") Double eta, @Param("trainLoss") double trainLoss,
                      @Param("trainCost") double trainCost, @Param("trainAccuracy") double trainAccuracy,
                      @Param("validationLoss") double validationLoss, @Param("validationCost") double validationCost,
                      @Param("validationAccuracy") double validationAccuracy, @Param("seconds") double seconds);
}
