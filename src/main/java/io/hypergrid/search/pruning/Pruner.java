package io.hypergrid.search.pruning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early stopping: which of a stack's trials to prune at the end of an epoch. Decided from the per-epoch metrics in
 * the database, the record every instance shares, so trials on other instances count as much as this worker's own;
 * the write of PRUNED is fenced by (owner, attempt) in the queue. Ties are broken by trial id (the earlier trial
 * ranks higher), so that a decision on the same records is always the same.
 */
@Service
public class Pruner {
    private final JdbcTemplate jdbc;

    Pruner(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param rule the search's rule, its defaults filled in
     * @param trialIds trials of the search that have just recorded {@code epoch} and are judged at it
     * @return the trials to prune, each with the reason
     */
    @Transactional(readOnly = true)
    public Map<Long, String> decide(EarlyStopping rule, Long searchId, int epoch, Collection<Long> trialIds) {
        if (trialIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Double> reached = scores(rule, searchId, epoch);
        Map<Long, String> prune = new LinkedHashMap<>();
        for (Long id : trialIds) {
            Double own = reached.get(id);
            if (own == null) {
                continue; // its epoch was not stored (lost its lease): the fenced writes deal with it
            }
            String reason = rule.judge(id, own, reached, epoch);
            if (reason != null) {
                prune.put(id, reason);
            }
        }
        return prune;
    }

    /**
     * Which of {@code paused} (trials paused at the rung {@code epoch}) may go on now: those among the top
     * {@link SuccessiveHalving#promotions} of every trial that has reached the rung (ranked by their best validation
     * accuracy over 1..epoch, ties to the earlier trial).
     */
    @Transactional(readOnly = true)
    public Set<Long> promotable(SuccessiveHalving rule, Long searchId, int epoch, Collection<Long> paused) {
        Map<Long, Double> reached = scores(rule, searchId, epoch);
        List<Long> ranked = new ArrayList<>(reached.keySet());
        ranked.sort(Comparator.comparing((Long id) -> reached.get(id)).reversed().thenComparing(id -> id));
        Set<Long> top = new HashSet<>(ranked.subList(0, Math.min(ranked.size(), rule.promotions(reached.size()))));
        top.retainAll(paused);
        return top;
    }

    /** Every trial of the search that has recorded {@code epoch}: its score there under {@code rule}. */
    private Map<Long, Double> scores(EarlyStopping rule, Long searchId, int epoch) {
        if (!(rule instanceof SuccessiveHalving h) || h.trend() == null) {
            return bestSoFar(searchId, epoch);
        }
        Map<Long, Double> out = new HashMap<>();
        jdbc.query("select m.trial_id, m.validation_accuracy, h.validation_accuracy from epoch_metric m"
                        + " join trial t on t.id = m.trial_id"
                        + " left join epoch_metric h on h.trial_id = m.trial_id and h.epoch = ?"
                        + " where t.search_id = ? and m.epoch = ?",
                rs -> {
                    double atRung = rs.getDouble(2);
                    double atHalf = rs.getDouble(3);
                    out.put(rs.getLong(1), h.score(atRung, rs.wasNull() ? atRung : atHalf));
                }, Math.max(1, epoch / 2), searchId, epoch);
        return out;
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
