package io.hypergrid.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Submitting, controlling and reading searches: the public face of the search feature. */
@Service
public class SearchService {
    public static final String OBJECTIVE = "validationAccuracy";

    private final SearchRepository searches;
    private final TrialRepository trials;
    private final EpochMetricRepository epochs;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final SearchLimits limits;

    public SearchService(SearchRepository searches, TrialRepository trials, EpochMetricRepository epochs,
                         JdbcTemplate jdbc, ApplicationEventPublisher events, SearchLimits limits) {
        this.searches = searches;
        this.trials = trials;
        this.epochs = epochs;
        this.jdbc = jdbc;
        this.events = events;
        this.limits = limits;
    }

    /** Validates, expands and stores a search with all its trials in one transaction; all or nothing. */
    @Transactional
    public SearchStatus submit(SubmitSearch request) {
        SearchPlan plan = new GridParser(limits).plan(request);
        List<SearchPlan.Point> points = plan.points();
        requireRoomInQueue(points.size());
        long epochsTotal = points.stream().mapToLong(p -> p.parameters().epochs()).sum();
        String name = request.name() == null || request.name().isBlank() ? "search" : request.name().strip();
        Search created = new Search(name, points.get(0).parameters().dataset(), request.spec(), OBJECTIVE,
                request.maxParallelTrials(), request.maxFailedTrials(), points.size(), epochsTotal, Instant.now());
        created.configure(plan, request.targetValidationAccuracy(), request.maxWallSeconds());
        Search search = searches.saveAndFlush(created);
        // one batched insert: a 10,000-point grid is stored in well under a second
        jdbc.batchUpdate("insert into trial (search_id, grid_index, config_index, repeat_index, dataset, split, lambda,"
                        + " eta, batch_size, epochs, loss, decay_every, decay_factor, shuffle, seed, dtype, state, attempt,"
                        + " epochs_done, claims, completions, version)"
                        + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'PENDING',1,0,0,0,0)",
                java.util.stream.IntStream.range(0, points.size()).boxed().toList(), 500, (ps, i) -> {
                    TrialParameters p = points.get(i).parameters();
                    ps.setLong(1, search.getId());
                    ps.setInt(2, i);
                    ps.setInt(3, points.get(i).configIndex());
                    ps.setInt(4, points.get(i).repeat());
                    ps.setString(5, p.dataset());
                    ps.setString(6, p.split());
                    ps.setDouble(7, p.lambda());
                    ps.setDouble(8, p.eta());
                    ps.setInt(9, p.batchSize());
                    ps.setInt(10, p.epochs());
                    ps.setString(11, p.loss());
                    ps.setInt(12, p.decayEvery());
                    ps.setDouble(13, p.decayFactor());
                    ps.setBoolean(14, p.shuffle());
                    ps.setLong(15, p.seed());
                    ps.setString(16, p.dtype());
                });
        events.publishEvent(new TrialsQueued(search.getId(), points.size()));
        return status(search);
    }

    /**
     * Back-pressure before anything is written. Two submissions at the same moment may both pass and overshoot the
     * limit by one submission at most: the limit protects the queue from growing without bound, not to the trial.
     */
    private void requireRoomInQueue(long adding) {
        long pending = trials.countByState(TrialState.PENDING);
        if (pending + adding > limits.maxPendingTrials()) {
            throw new QueueFullException(pending, adding, limits.maxPendingTrials());
        }
    }

    @Transactional(readOnly = true)
    public Optional<SearchStatus> status(Long id) {
        return searches.findById(id).map(this::status);
    }

    @Transactional(readOnly = true)
    public Page<SearchStatus> list(Pageable page) {
        Pageable newestFirst = PageRequest.of(page.getPageNumber(), page.getPageSize(),
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        return searches.findAll(newestFirst).map(this::status);
    }

    /** Cancels pending trials at once and running ones at their next mini-batch. */
    @Transactional
    public SearchStatus cancel(Long id) {
        Search search = searches.findById(id).orElseThrow(() -> new SearchNotFoundException("search", id));
        SearchState state = state(search, counts(id));
        if (state.ordinal() >= SearchState.SUCCEEDED.ordinal()) {
            throw new SearchConflictException("search " + id + " is " + state + ": there is nothing left to cancel");
        }
        search.setCancelRequested(true);
        searches.saveAndFlush(search);
        trials.cancelPending(id, "cancelled");
        events.publishEvent(new SearchCancelled(id));
        return status(searches.findById(id).orElseThrow());
    }

    /** Puts failed and cancelled trials back to pending, attempt + 1. */
    @Transactional
    public SearchStatus retry(Long id) {
        Search search = searches.findById(id).orElseThrow(() -> new SearchNotFoundException("search", id));
        Map<TrialState, Long> counts = counts(id);
        if (counts.get(TrialState.FAILED) + counts.get(TrialState.CANCELLED) == 0) {
            throw new SearchConflictException("search " + id + " has no failed or cancelled trials to retry");
        }
        if (counts.get(TrialState.RUNNING) > 0 && search.isCancelRequested()) {
            throw new SearchConflictException("search " + id + " is still stopping its running trials; retry when they have stopped");
        }
        requireRoomInQueue(counts.get(TrialState.FAILED) + counts.get(TrialState.CANCELLED));
        search.setCancelRequested(false);
        search.setFailureReason(null);
        search.setStopReason(null);
        searches.saveAndFlush(search);
        int retried = trials.retry(id);
        events.publishEvent(new TrialsQueued(id, retried));
        return status(searches.findById(id).orElseThrow());
    }

    @Transactional(readOnly = true)
    public Page<TrialView> trials(Long searchId, TrialState state, Pageable page) {
        if (!searches.existsById(searchId)) {
            throw new SearchNotFoundException("search", searchId);
        }
        Page<Trial> found = state == null ? trials.findBySearchId(searchId, page)
                : trials.findBySearchIdAndState(searchId, state, page);
        return found.map(t -> view(t, false));
    }

    @Transactional(readOnly = true)
    public TrialView trial(Long id) {
        return view(trials.findById(id).orElseThrow(() -> new SearchNotFoundException("trial", id)), true);
    }

    @Transactional(readOnly = true)
    public List<EpochView> epochs(Long trialId) {
        if (!trials.existsById(trialId)) {
            throw new SearchNotFoundException("trial", trialId);
        }
        return epochs.findByTrialIdOrderByEpoch(trialId).stream()
                .map(e -> new EpochView(e.epoch, e.eta, e.trainLoss, e.trainCost, e.trainAccuracy, e.validationLoss,
                        e.validationCost, e.validationAccuracy, e.seconds))
                .toList();
    }

    /** The values each dimension takes in a search's grid, ascending; a dimension with one value is fixed. */
    @Transactional(readOnly = true)
    public SearchGrid grid(Long searchId) {
        Search search = searches.findById(searchId).orElseThrow(() -> new SearchNotFoundException("search", searchId));
        return SearchGrid.of(searchId, trials.parametersOf(searchId), SearchGrid.logScaled(search.getSpec()));
    }

    /** Best first by validation accuracy; ties by validation loss, then search and grid order: deterministic. */
    private static final Sort BY_VALIDATION = Sort.by(Sort.Order.desc("validationAccuracy"),
            Sort.Order.asc("validationLoss"), Sort.Order.asc("searchId"), Sort.Order.asc("gridIndex"));
    private static final Sort BY_TEST = Sort.by(Sort.Order.desc("testAccuracy"), Sort.Order.asc("testLoss"),
            Sort.Order.asc("searchId"), Sort.Order.asc("gridIndex"));

    /**
     * The k best trials of a search, by validation accuracy unless {@code byTest}: succeeded trials first, then
     * pruned ones (by the validation accuracy of the epoch they stopped at), which were not trained to the end.
     */
    @Transactional(readOnly = true)
    public List<TopTrial> top(Long searchId, int k, boolean byTest) {
        if (!searches.existsById(searchId)) {
            throw new SearchNotFoundException("search", searchId);
        }
        List<Trial> best = new ArrayList<>(trials.findBySearchIdAndState(searchId, TrialState.SUCCEEDED,
                PageRequest.of(0, k, byTest ? BY_TEST : BY_VALIDATION)).getContent());
        if (best.size() < k) {
            best.addAll(trials.findBySearchIdAndState(searchId, TrialState.PRUNED,
                    PageRequest.of(0, k - best.size(), BY_VALIDATION)).getContent());
        }
        return ranked(best);
    }

    /**
     * The k best configurations of a search by mean validation (or test) accuracy over their succeeded repeats;
     * ties by the smaller standard deviation, then configuration order.
     */
    @Transactional(readOnly = true)
    public ConfigurationRanking topConfigurations(Long searchId, int k, boolean byTest) {
        Search search = searches.findById(searchId).orElseThrow(() -> new SearchNotFoundException("search", searchId));
        String mean = byTest ? "avg(test_accuracy)" : "avg(validation_accuracy)";
        String sd = byTest ? "stddev_samp(test_accuracy)" : "stddev_samp(validation_accuracy)";
        List<Object[]> rows = jdbc.query("select config_index, count(*), avg(validation_accuracy),"
                        + " stddev_samp(validation_accuracy), avg(test_accuracy), stddev_samp(test_accuracy)"
                        + " from trial where search_id = ? and state = 'SUCCEEDED' group by config_index"
                        + " order by " + mean + " desc, coalesce(" + sd + ", 0) asc, config_index asc"
                        + " fetch first " + Math.max(k, 2) + " rows only",
                (rs, i) -> new Object[] {rs.getInt(1), rs.getLong(2), rs.getDouble(3), (Double) rs.getObject(4),
                        rs.getDouble(5), (Double) rs.getObject(6)}, searchId);
        List<TopConfiguration> out = new ArrayList<>();
        for (Object[] r : rows) {
            int config = (Integer) r[0];
            List<Trial> repeats = trials.findBySearchIdAndConfigIndexAndStateOrderByRepeatIndex(searchId, config,
                    TrialState.SUCCEEDED);
            TrialParameters first = trials.findBySearchIdAndConfigIndexAndRepeatIndex(searchId, config, 0)
                    .map(t -> t.parameters).orElse(repeats.get(0).parameters);
            out.add(new TopConfiguration(out.size() + 1, config, first, (Long) r[1],
                    new TopConfiguration.Spread((Double) r[2], sdOf(r[3])),
                    new TopConfiguration.Spread((Double) r[4], sdOf(r[5])),
                    repeats.stream().map(t -> t.id).toList()));
        }
        Boolean close = null;
        Double difference = null;
        if (out.size() >= 2) {
            TopConfiguration.Spread a = byTest ? out.get(0).testAccuracy() : out.get(0).validationAccuracy();
            TopConfiguration.Spread b = byTest ? out.get(1).testAccuracy() : out.get(1).validationAccuracy();
            difference = Math.abs(a.mean() - b.mean());
            if (a.sd() != null && b.sd() != null) {
                close = difference < Math.max(a.sd(), b.sd());
            }
        }
        return new ConfigurationRanking(searchId, byTest ? "test" : "validation", search.getRepeats(),
                out.size() > k ? out.subList(0, k) : out, close, difference);
    }

    private static Double sdOf(Object v) {
        return v == null ? null : (Double) v;
    }

    /** The k best succeeded trials across all searches, optionally of one data set and split. */
    @Transactional(readOnly = true)
    public List<TopTrial> topAcross(int k, boolean byTest, String dataset, String split) {
        return ranked(trials.succeeded(dataset, split, PageRequest.of(0, k, byTest ? BY_TEST : BY_VALIDATION)));
    }

    private static List<TopTrial> ranked(List<Trial> best) {
        List<TopTrial> out = new ArrayList<>(best.size());
        for (Trial t : best) {
            out.add(new TopTrial(out.size() + 1, t.id, t.searchId, t.gridIndex, t.parameters, t.validationAccuracy,
                    t.validationLoss, t.testAccuracy, t.trainAccuracy, t.state, t.configIndex, t.repeatIndex));
        }
        return out;
    }

    private SearchStatus status(Search s) {
        Map<TrialState, Long> counts = counts(s.getId());
        SearchState state = state(s, counts);
        long done = trials.epochsDone(s.getId());
        List<TopTrial> best = top(s.getId(), 1, false);
        Object[] span = trials.timeSpan(s.getId()).get(0);
        Instant started = (Instant) span[0];
        Instant finished = state.ordinal() >= SearchState.SUCCEEDED.ordinal() ? (Instant) span[1] : null;
        Double elapsed = started == null ? null
                : Duration.between(started, finished != null ? finished : Instant.now()).toMillis() / 1000.0;
        return new SearchStatus(s.getId(), s.getName(), s.getDataset(), state, s.getObjective(),
                s.getMaxParallelTrials(), s.getMaxFailedTrials(), s.getFailureReason(), s.getTrialCount(), counts,
                done, s.getEpochsTotal(), best.isEmpty() ? null : best.get(0), s.getCreatedAt(), started, finished,
                elapsed, finished != null ? Double.valueOf(0) : estimateLeft(s, counts), s.getStrategy(),
                s.getSampleSeed(), s.getRepeats(), s.getEarlyStopping(), trials.epochsSaved(s.getId()),
                s.getTargetValidationAccuracy(), s.getMaxWallSeconds(), s.getStopReason());
    }

    /** Seconds per epoch of the trials finished so far, times the epochs left, over the trials running at once now. */
    private Double estimateLeft(Search s, Map<TrialState, Long> counts) {
        Double perEpoch = trials.secondsPerEpoch(s.getId());
        if (perEpoch == null) {
            return null;
        }
        long left = trials.epochsLeft(s.getId());
        long parallel = Math.max(1, counts.get(TrialState.RUNNING));
        return left * perEpoch / parallel;
    }

    private Map<TrialState, Long> counts(Long searchId) {
        Map<TrialState, Long> counts = new EnumMap<>(TrialState.class);
        for (TrialState st : TrialState.values()) {
            counts.put(st, 0L);
        }
        for (Object[] row : trials.countByState(searchId)) {
            counts.put((TrialState) row[0], (Long) row[1]);
        }
        return counts;
    }

    private static SearchState state(Search s, Map<TrialState, Long> counts) {
        return SearchState.derive(counts, s.isCancelRequested(), s.getFailureReason());
    }

    static TrialView view(Trial t, boolean detail) {
        TrialView.Metrics results = t.state == TrialState.SUCCEEDED || (t.state == TrialState.PRUNED
                && t.validationAccuracy != null)
                ? new TrialView.Metrics(t.trainAccuracy, t.trainLoss, t.trainCost, t.validationAccuracy,
                t.validationLoss, t.validationCost, t.testAccuracy, t.testLoss, t.testCost)
                : null;
        return new TrialView(t.id, t.searchId, t.gridIndex, t.parameters, t.state, t.attempt, t.epochsDone,
                t.startedAt, t.finishedAt, t.failureReason, results,
                t.testClassAccuracy == null ? null : JsonArrays.doubles(t.testClassAccuracy),
                detail && t.confusion != null ? JsonArrays.matrix(t.confusion) : null, t.trainingSeconds,
                t.configIndex, t.repeatIndex);
    }

    /** Published after trials were queued, so idle workers on this instance look at once. */
    public record TrialsQueued(Long searchId, int count) {
    }

    /** Published after a cancellation, so this instance stops its running trials of the search at once. */
    public record SearchCancelled(Long searchId) {
    }
}
