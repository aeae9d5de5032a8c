package io.hypergrid.search.trial;

import io.hypergrid.search.parameter.TrialParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading trials: one, a page of a search's, their curves, weights and progress. Nothing here writes. */
@Service
@Transactional(readOnly = true)
public class Trials {
    private final TrialRepository trials;
    private final EpochMetricRepository epochs;
    private final JdbcTemplate jdbc;

    Trials(TrialRepository trials, EpochMetricRepository epochs, JdbcTemplate jdbc) {
        this.trials = trials;
        this.epochs = epochs;
        this.jdbc = jdbc;
    }

    /** One trial with its confusion matrix. */
    public TrialView view(Long id) {
        return trials.findById(id).orElseThrow(() -> new TrialNotFoundException(id)).view(true);
    }

    /** These trials, in no particular order (lists, without confusion matrices). */
    public List<TrialView> views(Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : trials.findByIdIn(ids).stream().map(t -> t.view(false)).toList();
    }

    /** A page of a search's trials, of one state or all, in the page's order ({@link TrialSort}). */
    public Page<TrialView> ofSearch(Long searchId, TrialState state, Pageable page) {
        Page<Trial> found = state == null ? trials.findBySearchId(searchId, page)
                : trials.findBySearchIdAndState(searchId, state, page);
        return found.map(t -> t.view(false));
    }

    /** Trials of every search in one state, optionally of one data set and split, in the page's order. */
    public List<TrialView> inState(TrialState state, String dataset, String split, Pageable page) {
        return trials.inState(state, dataset, split, page).stream().map(t -> t.view(false)).toList();
    }

    /** The repeats of one configuration of a search in one state, by repeat index. */
    public List<TrialView> repeats(Long searchId, int configIndex, TrialState state) {
        return trials.findBySearchIdAndConfigIndexAndStateOrderByRepeatIndex(searchId, configIndex, state).stream()
                .map(t -> t.view(false)).toList();
    }

    /** The parameters of a configuration: those of its first repeat. */
    public Optional<TrialParameters> configuration(Long searchId, int configIndex) {
        return trials.findBySearchIdAndConfigIndexAndRepeatIndex(searchId, configIndex, 0).map(t -> t.parameters);
    }

    /** A trial's curves, epoch 0 (before training) first. */
    public List<EpochView> epochs(Long trialId) {
        if (!trials.existsById(trialId)) {
            throw new TrialNotFoundException(trialId);
        }
        return epochs.findByTrialIdOrderByEpoch(trialId).stream().map(EpochMetric::view).toList();
    }

    /** Every point of a search, parameters only. */
    public List<TrialParameters> parametersOf(Long searchId) {
        return trials.parametersOf(searchId);
    }

    /** Trials in a state across every search (the metrics' gauge). */
    public long count(TrialState state) {
        return trials.countByState(state);
    }

    /** The progress of each of these searches, in one query whatever their number. */
    public Map<Long, Progress> progress(Collection<Long> searchIds) {
        Map<Long, Progress.Builder> builders = new HashMap<>();
        if (!searchIds.isEmpty()) {
            for (Object[] row : trials.progressRows(searchIds)) {
                builders.computeIfAbsent((Long) row[0], id -> new Progress.Builder()).add((TrialState) row[1],
                        (Long) row[2], ((Number) row[3]).longValue(), ((Number) row[4]).longValue(), (Instant) row[5],
                        (Instant) row[6], row[7] == null ? null : ((Number) row[7]).doubleValue());
            }
        }
        Map<Long, Progress> out = new HashMap<>();
        for (Long id : searchIds) {
            Progress.Builder b = builders.get(id);
            out.put(id, b == null ? Progress.none() : b.build());
        }
        return out;
    }

    /**
     * The search's optimisation history, in one query: a window over its finished trials in finishing order keeps
     * the rows that beat every succeeded trial before them, and the last row (for the count and the time).
     *
     * @param submitted when the search was submitted: the origin of its seconds
     */
    public History history(Long searchId, Instant submitted) {
        List<History.Step> steps = new ArrayList<>();
        int[] finished = {0};
        Double[] last = {null};
        jdbc.query(HISTORY, rs -> {
            int n = rs.getInt("n");
            double seconds = Math.max(0, Duration.between(submitted,
                    rs.getObject("finished_at", OffsetDateTime.class).toInstant()).toNanos() / 1e9);
            double value = rs.getDouble("validation_accuracy");
            if (rs.getBoolean("improves")) {
                steps.add(new History.Step(n, seconds, value, rs.getLong("id")));
            }
            finished[0] = rs.getInt("total");
            last[0] = seconds;
        }, searchId);
        return new History(searchId, finished[0], last[0], steps);
    }

    // ties of finishing time (a stack's trials end together) in id order; pruned and failed trials take a number
    // but no step: a pruned trial's value is that of an unfinished run
    private static final String HISTORY = """
            select id, finished_at, validation_accuracy, n, total, improves
            from (select id, finished_at, validation_accuracy, n, total,
                    case when state = 'SUCCEEDED' and validation_accuracy is not null
                      and (best_before is null or validation_accuracy > best_before) then true else false end as improves
                  from (select id, state, finished_at, validation_accuracy,
                          row_number() over (order by finished_at, id) as n,
                          count(*) over () as total,
                          max(case when state = 'SUCCEEDED' then validation_accuracy end) over (order by finished_at, id
                            rows between unbounded preceding and 1 preceding) as best_before
                        from trial
                        where search_id = ? and state in ('SUCCEEDED', 'PRUNED', 'FAILED')
                          and finished_at is not null) ranked) marked
            where improves or n = total
            order by n""";

    /** The final weights of a succeeded trial, from their own table (lists never read them). */
    public TrialWeights weights(Long trialId) {
        TrialView trial = trials.findById(trialId).orElseThrow(() -> new TrialNotFoundException(trialId)).view(false);
        return jdbc.query("select classes, features, weights from trial_weights where trial_id = ?",
                        (rs, i) -> decode(trialId, rs.getInt(1), rs.getInt(2), rs.getBytes(3)), trialId).stream()
                .findFirst().orElseThrow(() -> new WeightsNotStoredException(trialId, trial.state()));
    }

    private static TrialWeights decode(Long trialId, int classes, int features, byte[] blob) {
        ByteBuffer bytes = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[] w = new float[classes * features];
        float[] b = new float[classes];
        bytes.asFloatBuffer().get(w).get(b);
        return new TrialWeights(trialId, classes, features, w, b);
    }
}
