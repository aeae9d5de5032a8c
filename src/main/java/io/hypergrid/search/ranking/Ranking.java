package io.hypergrid.search.ranking;

import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.TrialView;
import io.hypergrid.search.trial.Trials;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which trials and configurations are best. Trials rank by validation accuracy (test on request), ties by the loss,
 * then search and grid order: deterministic. Succeeded trials come first, then pruned ones (by the validation
 * accuracy of the epoch they stopped at), which were not trained to the end.
 */
@Service
@Transactional(readOnly = true)
public class Ranking {
    private static final Sort BY_VALIDATION = Sort.by(Sort.Order.desc("validation.accuracy"),
            Sort.Order.asc("validation.loss"), Sort.Order.asc("searchId"), Sort.Order.asc("gridIndex"));
    private static final Sort BY_TEST = Sort.by(Sort.Order.desc("test.accuracy"), Sort.Order.asc("test.loss"),
            Sort.Order.asc("searchId"), Sort.Order.asc("gridIndex"));
    /** The same order in SQL, for the best trial of many searches at once. */
    private static final String BEST = "select id, search_id from (select t.id, t.search_id, row_number() over"
            + " (partition by t.search_id order by case when t.state = 'SUCCEEDED' then 0 else 1 end,"
            + " t.validation_accuracy desc, t.validation_loss asc, t.grid_index asc) as place from trial t"
            + " where t.search_id in (:ids) and t.state in ('SUCCEEDED', 'PRUNED')) ranked where place = 1";

    private final Trials trials;
    private final NamedParameterJdbcTemplate jdbc;

    Ranking(Trials trials, NamedParameterJdbcTemplate jdbc) {
        this.trials = trials;
        this.jdbc = jdbc;
    }

    /** The k best trials of a search, by validation accuracy unless {@code byTest}. */
    public List<TopTrial> top(Long searchId, int k, boolean byTest) {
        List<TrialView> best = new ArrayList<>(trials.ofSearch(searchId, TrialState.SUCCEEDED,
                PageRequest.of(0, k, byTest ? BY_TEST : BY_VALIDATION)).getContent());
        if (best.size() < k) {
            best.addAll(trials.ofSearch(searchId, TrialState.PRUNED,
                    PageRequest.of(0, k - best.size(), BY_VALIDATION)).getContent());
        }
        return ranked(best);
    }

    /** The best trial of each of these searches (as {@code top(id, 1, false)}), in two queries whatever their number. */
    public Map<Long, TopTrial> best(Collection<Long> searchIds) {
        Map<Long, TopTrial> out = new HashMap<>();
        if (searchIds.isEmpty()) {
            return out;
        }
        List<Long> ids = jdbc.query(BEST, new MapSqlParameterSource("ids", searchIds), (rs, i) -> rs.getLong(1));
        trials.views(ids).forEach(t -> out.put(t.searchId(), TopTrial.of(1, t)));
        return out;
    }

    /** The k best succeeded trials across all searches, optionally of one data set and split. */
    public List<TopTrial> topAcross(int k, boolean byTest, String dataset, String split) {
        return ranked(trials.inState(TrialState.SUCCEEDED, dataset, split,
                PageRequest.of(0, k, byTest ? BY_TEST : BY_VALIDATION)));
    }

    /**
     * The k best configurations of a search by mean validation (or test) accuracy over their succeeded repeats;
     * ties by the smaller standard deviation, then configuration order.
     */
    public ConfigurationRanking topConfigurations(Long searchId, int repeats, int k, boolean byTest) {
        String mean = byTest ? "avg(test_accuracy)" : "avg(validation_accuracy)";
        String sd = byTest ? "stddev_samp(test_accuracy)" : "stddev_samp(validation_accuracy)";
        List<Object[]> rows = jdbc.getJdbcTemplate().query("select config_index, count(*), avg(validation_accuracy),"
                        + " stddev_samp(validation_accuracy), avg(test_accuracy), stddev_samp(test_accuracy)"
                        + " from trial where search_id = ? and state = 'SUCCEEDED' group by config_index"
                        + " order by " + mean + " desc, coalesce(" + sd + ", 0) asc, config_index asc"
                        + " fetch first " + Math.max(k, 2) + " rows only",
                (rs, i) -> new Object[] {rs.getInt(1), rs.getLong(2), rs.getDouble(3), (Double) rs.getObject(4),
                        rs.getDouble(5), (Double) rs.getObject(6)}, searchId);
        List<TopConfiguration> out = new ArrayList<>();
        for (Object[] r : rows) {
            int config = (Integer) r[0];
            List<TrialView> succeeded = trials.repeats(searchId, config, TrialState.SUCCEEDED);
            out.add(new TopConfiguration(out.size() + 1, config,
                    trials.configuration(searchId, config).orElse(succeeded.get(0).parameters()), (Long) r[1],
                    new TopConfiguration.Spread((Double) r[2], (Double) r[3]),
                    new TopConfiguration.Spread((Double) r[4], (Double) r[5]),
                    succeeded.stream().map(TrialView::id).toList()));
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
        return new ConfigurationRanking(searchId, byTest ? "test" : "validation", repeats,
                out.size() > k ? out.subList(0, k) : out, close, difference);
    }

    private static List<TopTrial> ranked(List<TrialView> best) {
        List<TopTrial> out = new ArrayList<>(best.size());
        for (TrialView t : best) {
            out.add(TopTrial.of(out.size() + 1, t));
        }
        return out;
    }
}
