package io.hypergrid.search.trial;

import io.hypergrid.search.parameter.TrialParameters;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Reads of the trial table; the queue does every write. */
interface TrialRepository extends Repository<Trial, Long> {
    Optional<Trial> findById(Long id);

    boolean existsById(Long id);

    List<Trial> findByIdIn(Collection<Long> ids);

    Page<Trial> findBySearchId(Long searchId, Pageable page);

    Page<Trial> findBySearchIdAndState(Long searchId, TrialState state, Pageable page);

    List<Trial> findBySearchIdAndConfigIndexAndStateOrderByRepeatIndex(Long searchId, int configIndex, TrialState state);

    Optional<Trial> findBySearchIdAndConfigIndexAndRepeatIndex(Long searchId, int configIndex, int repeatIndex);

    /** Trials of every search in a state, optionally of one data set and split, in the page's order. */
    @Query("select t from Trial t where t.state = :state"
            + " and (:dataset is null or t.parameters.dataset = :dataset) and (:split is null or t.parameters.split = :split)")
    List<Trial> inState(@Param("state") TrialState state, @Param("dataset") String dataset,
                        @Param("split") String split, Pageable page);

    /** Every point of a search, parameters only: what the dashboard needs to lay out its grid. */
    @Query("select t.parameters from Trial t where t.searchId = :searchId")
    List<TrialParameters> parametersOf(@Param("searchId") Long searchId);

    @Query("select count(t) from Trial t where t.state = :state")
    long countByState(@Param("state") TrialState state);

    /**
     * Per search and state: trials, epochs done, epochs asked, first start, last finish, training seconds. One row
     * per (search, state) that has trials; {@link Progress} is computed from them.
     */
    @Query("select t.searchId, t.state, count(t), coalesce(sum(t.epochsDone), 0), coalesce(sum(t.parameters.epochs), 0),"
            + " min(t.startedAt), max(t.finishedAt), sum(t.trainingSeconds) from Trial t"
            + " where t.searchId in :searchIds group by t.searchId, t.state")
    List<Object[]> progressRows(@Param("searchIds") Collection<Long> searchIds);
}
