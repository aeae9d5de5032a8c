package io.hypergrid.search.trial;

import java.util.List;
import org.springframework.data.repository.Repository;

interface EpochMetricRepository extends Repository<EpochMetric, EpochMetric.Key> {
    List<EpochMetric> findByTrialIdOrderByEpoch(Long trialId);
}
