package io.hypergrid.search;

import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.pruning.EarlyStopping;
import io.hypergrid.search.queue.TrialQueue;
import io.hypergrid.search.ranking.ConfigurationRanking;
import io.hypergrid.search.ranking.Ranking;
import io.hypergrid.search.ranking.TopTrial;
import io.hypergrid.search.submission.SearchLimits;
import io.hypergrid.search.submission.SearchPlan;
import io.hypergrid.search.submission.SearchPlanner;
import io.hypergrid.search.submission.SubmitSearch;
import io.hypergrid.search.trial.Progress;
import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.Trials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Submitting, controlling and reading searches: the public face of the search feature. */
@Service
public class SearchService {
    public static final String OBJECTIVE = "validationAccuracy";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SearchRepository searches;
    private final SearchPlanner planner;
    private final TrialQueue queue;
    private final Trials trials;
    private final Ranking ranking;
    private final ApplicationEventPublisher events;
    private final FinishedSearches finished;
    private final jakarta.persistence.EntityManager entityManager;
    private final long maxPendingTrials;

    SearchService(SearchRepository searches, SearchPlanner planner, TrialQueue queue, Trials trials, Ranking ranking,
                  ApplicationEventPublisher events, FinishedSearches finished,
                  jakarta.persistence.EntityManager entityManager, io.hypergrid.config.HypergridProperties properties) {
        this.finished = finished;
        this.entityManager = entityManager;
        this.searches = searches;
        this.planner = planner;
        this.queue = queue;
        this.trials = trials;
        this.ranking = ranking;
        this.events = events;
        this.maxPendingTrials = properties.limits().maxPendingTrials();
    }

    /** Validates, plans and stores a search with the trials known at submit, in one transaction; all or nothing. */
    @Transactional
    public SearchStatus submit(SubmitSearch request) {
        SearchPlan plan = planner.plan(request);
        requireRoomInQueue(plan.points().size());
        // points proposed later are counted at the most epochs the space allows
        long epochsTotal = plan.points().size() == plan.trialCount()
                ? plan.points().stream().mapToLong(p -> p.parameters().epochs()).sum()
                : (long) plan.trialCount() * plan.space().values(Parameters.EPOCHS).stream()
                        .mapToLong(e -> ((Number) e).longValue()).max().orElse(0);
        Search search = searches.saveAndFlush(new Search(plan, JSON.writeValueAsString(request), OBJECTIVE,
                epochsTotal, Instant.now()));
        queue.enqueue(search.getId(), 0, plan.points());
        return status(search);
    }

    /**
     * Back-pressure before anything is written. Two submissions at the same moment may both pass and overshoot the
     * limit by one submission at most: the limit protects the queue from growing without bound, not to the trial.
     */
    private void requireRoomInQueue(long adding) {
        long pending = queue.pending();
        if (pending + adding > maxPendingTrials) {
            throw new QueueFullException(pending, adding, maxPendingTrials);
        }
    }

    @Transactional(readOnly = true)
    public Optional<SearchStatus> status(Long id) {
        return searches.findById(id).map(this::status);
    }

    /** The search's status, or a {@link SearchNotFoundException}. */
    @Transactional(readOnly = true)
    public SearchStatus require(Long id) {
        return status(id).orElseThrow(() -> new SearchNotFoundException(id));
    }

    /**
     * Newest first. A page costs the same few queries whatever its size, and reads trials only of its searches that
     * have not finished (finished ones are summarised once, {@link FinishedSearches}).
     */
    @Transactional(readOnly = true)
    public Page<SearchStatus> list(Pageable page) {
        Page<Search> found = searches.findAllBy(PageRequest.of(page.getPageNumber(), page.getPageSize(),
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"))));
        List<Long> unknown = found.getContent().stream().filter(s -> finished.get(s) == null).map(Search::getId)
                .toList();
        Map<Long, Progress> progress = trials.progress(unknown);
        found.getContent().stream().filter(s -> progress.containsKey(s.getId()))
                .forEach(s -> settled(s, progress.get(s.getId())));
        Map<Long, TopTrial> best = ranking.best(unknown);
        return found.map(s -> {
            FinishedSearches.Summary known = finished.get(s);
            return known != null ? status(s, known.progress(), known.best())
                    : status(s, progress.get(s.getId()), best.get(s.getId()));
        });
    }

    /** Cancels pending trials at once and running ones at their next mini-batch. */
    @Transactional
    public SearchStatus cancel(Long id) {
        Search search = searches.findById(id).orElseThrow(() -> new SearchNotFoundException(id));
        SearchState state = state(search, trials.progress(List.of(id)).get(id));
        if (state.ordinal() >= SearchState.SUCCEEDED.ordinal()) {
            throw new SearchConflictException("search " + id + " is " + state + ": there is nothing left to cancel");
        }
        search.setCancelRequested(true);
        searches.saveAndFlush(search);
        queue.cancelPending(id, "cancelled");
        events.publishEvent(new SearchCancelled(id));
        return status(search);
    }

    /** Puts failed and cancelled trials back to pending, attempt + 1. */
    @Transactional
    public SearchStatus retry(Long id) {
        Search search = searches.findForRetryById(id).orElseThrow(() -> new SearchNotFoundException(id));
        Progress progress = trials.progress(List.of(id)).get(id);
        long retrying = progress.count(TrialState.FAILED) + progress.count(TrialState.CANCELLED);
        if (retrying == 0) {
            throw new SearchConflictException("search " + id + " has no failed or cancelled trials to retry");
        }
        if (progress.count(TrialState.RUNNING) > 0 && search.isCancelRequested()) {
            throw new SearchConflictException("search " + id + " is still stopping its running trials; retry when they have stopped");
        }
        requireRoomInQueue(retrying);
        search.setCancelRequested(false);
        search.setFailureReason(null);
        search.setStopReason(null);
        searches.saveAndFlush(search);
        queue.retry(id);
        return status(search);
    }

    /** The values each dimension takes in a search's grid, ascending; a dimension with one value is fixed. */
    @Transactional(readOnly = true)
    public SearchGrid grid(Long searchId) {
        Search search = searches.findById(searchId).orElseThrow(() -> new SearchNotFoundException(searchId));
        return SearchGrid.of(searchId, trials.parametersOf(searchId), SearchGrid.logScaled(search.getSpec()));
    }

    /** The k best configurations of a search by mean accuracy over their repeats. */
    @Transactional(readOnly = true)
    public ConfigurationRanking topConfigurations(Long searchId, int k, boolean byTest) {
        Search search = searches.findById(searchId).orElseThrow(() -> new SearchNotFoundException(searchId));
        return ranking.topConfigurations(searchId, search.getRepeats(), k, byTest);
    }

    /** The early-stopping rule of a search (defaults filled in), if it has one; it never changes after submit. */
    @Transactional(readOnly = true)
    public Optional<EarlyStopping> earlyStopping(Long searchId) {
        return searches.findById(searchId).map(Search::getEarlyStopping);
    }

    /** Whether the search exists; for reads of its trials that answer 404 otherwise. */
    @Transactional(readOnly = true)
    public void requireExists(Long searchId) {
        if (!searches.existsById(searchId)) {
            throw new SearchNotFoundException(searchId);
        }
    }

    private SearchStatus status(Search s) {
        FinishedSearches.Summary known = finished.get(s);
        if (known != null) {
            return status(s, known.progress(), known.best());
        }
        // trials first, then what depends on them: a status never pairs an older read with a newer one
        Progress progress = trials.progress(List.of(s.getId())).get(s.getId());
        settled(s, progress);
        List<TopTrial> best = ranking.top(s.getId(), 1, false);
        return status(s, progress, best.isEmpty() ? null : best.get(0));
    }

    /**
     * A search whose trials have just all finished is read again: what ended it (a stop reason, a failure) was
     * committed with its last trials' changes, possibly after its row was first read in this transaction.
     */
    private void settled(Search s, Progress p) {
        if (state(s, p).ordinal() >= SearchState.SUCCEEDED.ordinal()) {
            entityManager.refresh(s);
        }
    }

    private SearchStatus status(Search s, Progress p, TopTrial best) {
        SearchState state = state(s, p);
        finished.offer(s, state, p, best);
        Instant started = p.startedAt();
        Instant finished = state.ordinal() >= SearchState.SUCCEEDED.ordinal() ? p.lastFinishedAt() : null;
        Double elapsed = started == null ? null
                : Duration.between(started, finished != null ? finished : Instant.now()).toMillis() / 1000.0;
        return new SearchStatus(s.getId(), s.getName(), s.getDataset(), state, s.getObjective(),
                s.getMaxParallelTrials(), s.getMaxFailedTrials(), s.getFailureReason(), s.getTrialCount(), p.counts(),
                p.epochsDone(), s.getEpochsTotal(), best, s.getCreatedAt(), started, finished, elapsed,
                finished != null ? Double.valueOf(0) : estimateLeft(p), s.getStrategy(), s.getSampleSeed(),
                s.getRepeats(), s.getEarlyStopping(), p.epochsSaved(), s.getTargetValidationAccuracy(),
                s.getMaxWallSeconds(), s.getStopReason());
    }

    /** Seconds per epoch of the trials finished so far, times the epochs left, over the trials running at once now. */
    private static Double estimateLeft(Progress p) {
        if (p.secondsPerEpoch() == null) {
            return null;
        }
        long parallel = Math.max(1, p.count(TrialState.RUNNING));
        return p.epochsLeft() * p.secondsPerEpoch() / parallel;
    }

    private static SearchState state(Search s, Progress p) {
        return SearchState.derive(p.counts(), s.owesTrials(), s.isCancelRequested(), s.getFailureReason());
    }
}
