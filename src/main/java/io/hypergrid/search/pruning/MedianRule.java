package io.hypergrid.search.pruning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code median}: at epoch e &gt; {@code warmupEpochs}, a trial whose best validation accuracy so far is below the
 * median of the other trials' best so far at e stops, once at least {@code minTrials} other trials reached e.
 *
 * @param warmupEpochs epochs before the rule judges (default 5)
 * @param minTrials other trials that must have reached the epoch (default 5)
 */
public record MedianRule(Integer warmupEpochs, Integer minTrials) implements EarlyStopping {
    @Override
    public String type() {
        return MEDIAN;
    }

    @Override
    public EarlyStopping withDefaults() {
        return new MedianRule(warmupEpochs == null ? 5 : warmupEpochs, minTrials == null ? 5 : minTrials);
    }

    @Override
    public boolean decidesAt(int epoch, int epochs) {
        return epoch >= 1 && epoch < epochs && epoch > warmupEpochs;
    }

    @Override
    public String judge(Long id, double own, Map<Long, Double> reached, int epoch) {
        List<Double> others = new ArrayList<>(reached.size());
        reached.forEach((t, v) -> {
            if (!t.equals(id)) {
                others.add(v);
            }
        });
        if (others.size() < minTrials) {
            return null;
        }
        others.sort(null);
        int n = others.size();
        double median = n % 2 == 1 ? others.get(n / 2) : (others.get(n / 2 - 1) + others.get(n / 2)) / 2;
        return own < median ? String.format(Locale.ROOT, "pruned at epoch %d by the median rule: best validation"
                + " accuracy %.4f below the median %.4f of %d other trials", epoch, own, median, n) : null;
    }
}
