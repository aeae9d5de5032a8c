package io.hypergrid.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early stopping (see {@link EarlyStopping}): which of a stack's trials to prune at the end of an epoch. Decided
 * from the per-epoch metrics in the database, the record every instance shares, so trials on other instances
 * count as much as this worker's own; the write of PRUNED is fenced by (owner, attempt) in {@link TrialQueue}.
 *
 * <p>The value compared is a trial's best validation accuracy over epochs 1..e. Ties are broken by trial id (the
 * earlier trial ranks higher), so that a decision on the same records is always the same.
 */
@Service
public class Pruner {
    private final JdbcTemplate jdbc;
    private final SearchRepository searches;
    /** A search's rule never changes after submit. */
    private final Map<Long, Optional<EarlyStopping>> rules = new ConcurrentHashMap<>();

    public Pruner(JdbcTemplate jdbc, SearchRepository searches) {
        this.jdbc = jdbc;
        this.searches = searches;
    }

    /** The search's early-stopping rule, if it has one. */
    public Optional<EarlyStopping> rule(Long searchId) {
        return rules.computeIfAbsent(searchId,
                id -> searches.findById(id).map(Search::getEarlyStopping));
    }

    /**
     * @param trialIds trials of the search that have just recorded {@code epoch} and are judged at it
     * @return the trials to prune, each with the reason
     */
    @Transactional(readOnly = true)
    public Map<Long, String> decide(Long searchId, int epoch, Collection<Long> trialIds) {
        EarlyStopping rule = rule(searchId).orElse(null);
        if (rule == null || trialIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Double> reached = bestSoFar(searchId, epoch);
        Map<Long, String> prune = new LinkedHashMap<>();
        for (Long id : trialIds) {
            Double own = reached.get(id);
            if (own == null) {
                continue; // its epoch was not stored (lost its lease): the fenced writes deal with it
            }
            String reason = EarlyStopping.MEDIAN.equals(rule.type())
                    ? median(rule, id, own, reached, epoch) : halving(rule, id, own, reached, epoch);
            if (reason != null) {
                prune.put(id, reason);
            }
        }
        return prune;
    }

    private static String median(EarlyStopping rule, Long id, double own, Map<Long, Double> reached, int epoch) {
        List<Double> others = new ArrayList<>(reached.size());
        reached.forEach((t, v) -> {
            if (!t.equals(id)) {
                others.add(v);
            }
        });
        if (others.size() < rule.minTrials()) {
            return null;
        }
        others.sort(null);
        int n = others.size();
        double median = n % 2 == 1 ? others.get(n / 2) : (others.get(n / 2 - 1) + others.get(n / 2)) / 2;
        return own < median ? String.format(java.util.Locale.ROOT, "pruned at epoch %d by the median rule: best"
                + " validation accuracy %.4f below the median %.4f of %d other trials", epoch, own, median, n) : null;
    }

    private static String halving(EarlyStopping rule, Long id, double own, Map<Long, Double> reached, int epoch) {
        int n = reached.size();
        int keep = (n + rule.reductionFactor() - 1) / rule.reductionFactor();
        int rank = 1;
        for (Map.Entry<Long, Double> e : reached.entrySet()) {
            if (e.getValue() > own || (e.getValue() == own && e.getKey() < id)) {
                rank++;
            }
        }
        return rank > keep ? String.format(java.util.Locale.ROOT, "pruned at epoch %d by successive halving: best"
                + " validation accuracy %.4f ranks %d of the %d trials at this rung, which keeps the top %d", epoch, own,
                rank, n, keep) : null;
    }

    /** Every trial of the search that has recorded {@code epoch}: its best validation accuracy over 1..epoch. */
    private Map<Long, Double> bestSoFar(Long searchId, int epoch) {
        Map<Long, Double> out = new HashMap<>();
        jdbc.query("select m.trial_id, max(m.validation_accuracy) from epoch_metric m join trial t on t.id = m.trial_id"
                        + " where t.search_id = ? and m.epoch between 1 and ? group by m.trial_id having max(m.epoch) = ?",
                rs -> {
                    out.put(rs.getLong(1), rs.getDouble(2));
                }, searchId, epoch, epoch);
        return out;
    }
}
