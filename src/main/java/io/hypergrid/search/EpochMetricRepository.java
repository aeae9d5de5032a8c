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
}
