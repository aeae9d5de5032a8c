package io.hypergrid.search;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TrialRepository extends JpaRepository<Trial, Long> {
    /** The queue's candidates: oldest first, of data sets that are ready. */
    String PENDING_OF_DATASETS = "select t from Trial t where t.state = io.hypergrid.search.TrialState.PENDING"
            + " and t.parameters.dataset in :datasets order by t.id";
    /** Pending trials of a search that can train stacked with {@code p}: same data, order and loss. */
    String STACK_MATES = "select t from Trial t where t.searchId = :searchId and t.id <> :id"
            + " and t.state = io.hypergrid.search.TrialState.PENDING"
            + " and t.parameters.dataset = :#{#p.dataset} and t.parameters.split = :#{#p.split}"
            + " and t.parameters.batchSize = :#{#p.batchSize} and t.parameters.epochs = :#{#p.epochs}"
            + " and t.parameters.loss = :#{#p.loss} and t.parameters.shuffle = :#{#p.shuffle}"
            + " and t.parameters.seed = :#{#p.seed} and t.parameters.dtype = :#{#p.dtype} order by t.id";

    @Query(PENDING_OF_DATASETS)
    List<Trial> findPending(@Param("datasets") Collection<String> datasets, Pageable page);

    /**
     * The same candidates, locked: FOR UPDATE SKIP LOCKED, so concurrent claimers on other instances take other
     * rows instead of racing for the same ones (used on PostgreSQL).
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    @Query(PENDING_OF_DATASETS)
    List<Trial> lockPending(@Param("datasets") Collection<String> datasets, Pageable page);

    /** Pending trials of the same search that can train stacked with {@code p}: same data, order and loss. */
    @Query(STACK_MATES)
    List<Trial> findStackMates(@Param("searchId") Long searchId, @Param("id") Long id, @Param("p") TrialParameters p,
                               Pageable page);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "-2"))
    @Query(STACK_MATES)
    List<Trial> lockStackMates(@Param("searchId") Long searchId, @Param("id") Long id, @Param("p") TrialParameters p,
                               Pageable page);

    long countBySearchIdAndState(Long searchId, TrialState state);

    /** The atomic claim: only one worker's update can match this version while the trial is pending. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.RUNNING, t.owner = :owner,"
            + " t.heartbeatAt = instant, t.startedAt = instant, t.finishedAt = null,"
            + " t.epochsDone = 0, t.claims = t.claims + 1, t.version = t.version + 1"
            + " where t.id = :id and t.version = :version and t.state = io.hypergrid.search.TrialState.PENDING")
    int claim(@Param("id") Long id, @Param("version") long version, @Param("owner") String owner);

    /**
     * Heartbeat on the database clock for the trials this worker still trains: only those, so a trial it let go of
     * without a final write (the database away at that moment) ages out and the reaper hands it back.
     */
    @Modifying(clearAutomatically = true)
    @Query("update Trial t set t.heartbeatAt = instant"
            + " where t.owner = :owner and t.id in :ids and t.state = io.hypergrid.search.TrialState.RUNNING")
    int heartbeat(@Param("owner") String owner, @Param("ids") java.util.Collection<Long> ids);

    /** Of these trials, the ones this worker must stop: taken over, finished elsewhere, or their search cancelled. */
    @Query("select t.id from Trial t, Search s where s.id = t.searchId and t.id in :ids and"
            + " (t.state <> io.hypergrid.search.TrialState.RUNNING or t.owner <> :owner or s.cancelRequested = true"
            + " or s.stopReason is not null)")
    List<Long> toStop(@Param("ids") Collection<Long> ids, @Param("owner") String owner);

    @Query("select t.state, count(t) from Trial t where t.searchId = :searchId group by t.state")
    List<Object[]> countByState(@Param("searchId") Long searchId);

    @Query("select coalesce(sum(case when t.state = io.hypergrid.search.TrialState.SUCCEEDED then t.parameters.epochs"
            + " else t.epochsDone end), 0) from Trial t where t.searchId = :searchId")
    long epochsDone(@Param("searchId") Long searchId);

    @Query("select coalesce(sum(t.parameters.epochs - t.epochsDone), 0) from Trial t where t.searchId = :searchId"
            + " and t.state in (io.hypergrid.search.TrialState.PENDING, io.hypergrid.search.TrialState.RUNNING)")
    long epochsLeft(@Param("searchId") Long searchId);

    /** When the search's first trial started, on the database clock; null before. */
    @Query("select min(t.startedAt) from Trial t where t.searchId = :searchId")
    Instant firstStarted(@Param("searchId") Long searchId);

    /** Searches with a wall-time budget that still have trials to run: the reaper checks their budget. */
    @Query("select distinct s.id from Search s, Trial t where t.searchId = s.id and s.maxWallSeconds is not null"
            + " and s.stopReason is null and t.state in (io.hypergrid.search.TrialState.PENDING,"
            + " io.hypergrid.search.TrialState.RUNNING)")
    List<Long> searchesWithBudgets();

    /** Epochs that pruned trials did not run: the work early stopping saved. */
    @Query("select coalesce(sum(t.parameters.epochs - t.epochsDone), 0) from Trial t where t.searchId = :searchId"
            + " and t.state = io.hypergrid.search.TrialState.PRUNED")
    long epochsSaved(@Param("searchId") Long searchId);

    @Query("select min(t.startedAt), max(t.finishedAt) from Trial t where t.searchId = :searchId")
    List<Object[]> timeSpan(@Param("searchId") Long searchId);

    Page<Trial> findBySearchId(Long searchId, Pageable page);

    List<Trial> findBySearchIdAndConfigIndexAndStateOrderByRepeatIndex(Long searchId, int configIndex, TrialState state);

    java.util.Optional<Trial> findBySearchIdAndConfigIndexAndRepeatIndex(Long searchId, int configIndex, int repeatIndex);

    Page<Trial> findBySearchIdAndState(Long searchId, TrialState state, Pageable page);

    /** Succeeded trials of every search, optionally of one data set and split, in the page's order (top-k). */
    @Query("select t from Trial t where t.state = io.hypergrid.search.TrialState.SUCCEEDED"
            + " and (:dataset is null or t.parameters.dataset = :dataset) and (:split is null or t.parameters.split = :split)")
    List<Trial> succeeded(@Param("dataset") String dataset, @Param("split") String split, Pageable page);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.CANCELLED, t.finishedAt = instant,"
            + " t.failureReason = :reason, t.version = t.version + 1"
            + " where t.searchId = :searchId and t.state = io.hypergrid.search.TrialState.PENDING")
    int cancelPending(@Param("searchId") Long searchId, @Param("reason") String reason);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.PENDING, t.attempt = t.attempt + 1,"
            + " t.owner = null, t.heartbeatAt = null, t.startedAt = null, t.finishedAt = null, t.epochsDone = 0,"
            + " t.failureReason = null, t.version = t.version + 1 where t.searchId = :searchId"
            + " and t.state in (io.hypergrid.search.TrialState.FAILED, io.hypergrid.search.TrialState.CANCELLED)")
    int retry(@Param("searchId") Long searchId);

    /** Graceful shutdown: what this instance was running goes back to the queue as it was. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.PENDING, t.owner = null,"
            + " t.heartbeatAt = null, t.epochsDone = 0, t.version = t.version + 1"
            + " where t.owner = :owner and t.state = io.hypergrid.search.TrialState.RUNNING")
    int release(@Param("owner") String owner);

    /** Reaper: running trials whose worker stopped renewing its heartbeat go back to the queue, attempt + 1. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.PENDING, t.owner = null,"
            + " t.heartbeatAt = null, t.epochsDone = 0, t.attempt = t.attempt + 1, t.version = t.version + 1"
            + " where t.state = io.hypergrid.search.TrialState.RUNNING and t.heartbeatAt < :cutoff"
            + " and t.attempt < :maxAttempts")
    int requeueStale(@Param("cutoff") Instant cutoff, @Param("maxAttempts") int maxAttempts);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.FAILED, t.owner = null,"
            + " t.finishedAt = instant, t.failureReason = :reason, t.version = t.version + 1"
            + " where t.state = io.hypergrid.search.TrialState.RUNNING and t.heartbeatAt < :cutoff"
            + " and t.attempt >= :maxAttempts")
    int failStale(@Param("cutoff") Instant cutoff, @Param("maxAttempts") int maxAttempts, @Param("reason") String reason);

    /** Completion only by the worker that still owns this attempt: a late or duplicate finisher changes nothing. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.SUCCEEDED, t.finishedAt = instant,"
            + " t.epochsDone = t.parameters.epochs, t.completions = t.completions + 1,"
            + " t.trainAccuracy = :#{#r.trainAccuracy}, t.trainLoss = :#{#r.trainLoss}, t.trainCost = :#{#r.trainCost},"
            + " t.validationAccuracy = :#{#r.validationAccuracy}, t.validationLoss = :#{#r.validationLoss},"
            + " t.validationCost = :#{#r.validationCost}, t.testAccuracy = :#{#r.testAccuracy},"
            + " t.testLoss = :#{#r.testLoss}, t.testCost = :#{#r.testCost}, t.testClassAccuracy = :perClass,"
            + " t.confusion = :confusion, t.trainingSeconds = :seconds, t.failureReason = null,"
            + " t.version = t.version + 1"
            + " where t.id = :id and t.owner = :owner and t.attempt = :attempt"
            + " and t.state = io.hypergrid.search.TrialState.RUNNING")
    int complete(@Param("id") Long id, @Param("owner") String owner, @Param("attempt") int attempt,
                 @Param("r") TrialView.Metrics r, @Param("perClass") String perClass,
                 @Param("confusion") String confusion, @Param("seconds") double seconds);

    /** Ends a running trial as FAILED or CANCELLED, again only for its current owner and attempt. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = :state, t.finishedAt = instant, t.failureReason = :reason,"
            + " t.version = t.version + 1"
            + " where t.id = :id and t.owner = :owner and t.attempt = :attempt"
            + " and t.state = io.hypergrid.search.TrialState.RUNNING")
    int finish(@Param("id") Long id, @Param("owner") String owner, @Param("attempt") int attempt,
               @Param("state") TrialState state, @Param("reason") String reason);

    /** Early stopping: PRUNED at the epoch it stopped at, with that epoch's metrics; only for its owner and attempt. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Trial t set t.state = io.hypergrid.search.TrialState.PRUNED, t.finishedAt = instant,"
            + " t.epochsDone = :epoch, t.trainAccuracy = :trainAccuracy, t.trainLoss = :trainLoss,"
            + " t.trainCost = :trainCost, t.validationAccuracy = :validationAccuracy,"
            + " t.validationLoss = :validationLoss, t.validationCost = :validationCost, t.failureReason = :reason,"
            + " t.version = t.version + 1"
            + " where t.id = :id and t.owner = :owner and t.attempt = :attempt"
            + " and t.state = io.hypergrid.search.TrialState.RUNNING")
    int prune(@Param("id") Long id, @Param("owner") String owner, @Param("attempt") int attempt,
              @Param("epoch") int epoch, @Param("trainAccuracy") double trainAccuracy,
              @Param("trainLoss") double trainLoss, @Param("trainCost") double trainCost,
              @Param("validationAccuracy") double validationAccuracy, @Param("validationLoss") double validationLoss,
              @Param("validationCost") double validationCost, @Param("reason") String reason);

    @Query("select count(t) from Trial t where t.state = :state")
    long countByState(@Param("state") TrialState state);

    @Query("select distinct t.searchId from Trial t where t.state = io.hypergrid.search.TrialState.RUNNING"
            + " and t.heartbeatAt < :cutoff and t.attempt >= :maxAttempts")
    List<Long> staleSearches(@Param("cutoff") Instant cutoff, @Param("maxAttempts") int maxAttempts);

    /** Seconds per epoch of the search's finished trials (training time over epochs): the basis of time left. */
    @Query("select sum(t.trainingSeconds) / sum(t.parameters.epochs) from Trial t where t.searchId = :searchId"
            + " and t.state = io.hypergrid.search.TrialState.SUCCEEDED and t.parameters.epochs > 0")
    Double secondsPerEpoch(@Param("searchId") Long searchId);

    /** Every grid point of a search, parameters only: what the dashboard needs to lay out its grid. */
    @Query("select t.parameters from Trial t where t.searchId = :searchId")
    List<TrialParameters> parametersOf(@Param("searchId") Long searchId);
}
