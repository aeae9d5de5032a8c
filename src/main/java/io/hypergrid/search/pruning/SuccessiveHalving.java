package io.hypergrid.search.pruning;

import java.util.Locale;
import java.util.Map;

/**
 * {@code successiveHalving}: rungs at epochs {@code minEpochs * reductionFactor^k} below the trial's last epoch; a
 * trial reaching a rung goes on only if its best validation accuracy so far is in the top ceil(n / reductionFactor)
 * of the n trials that have reached that rung so far (asynchronous, as in ASHA). Ties go to the earlier trial.
 *
 * @param minEpochs the first rung (default 1)
 * @param reductionFactor the rungs' ratio and the share kept at each (default 3)
 */
public record SuccessiveHalving(Integer minEpochs, Integer reductionFactor) implements EarlyStopping {
    @Override
    public String type() {
        return SUCCESSIVE_HALVING;
    }

    @Override
    public EarlyStopping withDefaults() {
        return new SuccessiveHalving(minEpochs == null ? 1 : minEpochs, reductionFactor == null ? 3 : reductionFactor);
    }

    @Override
    public boolean decidesAt(int epoch, int epochs) {
        if (epoch < 1 || epoch >= epochs) {
            return false;
        }
        long rung = minEpochs;
        while (rung < epoch) {
            rung *= reductionFactor;
        }
        return rung == epoch;
    }

    /** Every rung: its survivors go on together, with those of other stacks (see EarlyStopping#pausesAt). */
    @Override
    public boolean pausesAt(int epoch, int epochs) {
        return decidesAt(epoch, epochs);
    }

    /**
     * How many of the n trials that have reached a rung may have gone on from it by now: floor(n / reductionFactor),
     * ASHA's promotion rule (the first trials at a rung wait for rivals rather than go on unopposed).
     */
    public int promotions(int reached) {
        return reached / reductionFactor;
    }

    @Override
    public String judge(Long id, double own, Map<Long, Double> reached, int epoch) {
        int n = reached.size();
        int keep = (n + reductionFactor - 1) / reductionFactor;
        int rank = 1;
        for (Map.Entry<Long, Double> e : reached.entrySet()) {
            if (e.getValue() > own || (e.getValue() == own && e.getKey() < id)) {
                rank++;
            }
        }
        return rank > keep ? String.format(Locale.ROOT, "pruned at epoch %d by successive halving: best validation"
                + " accuracy %.4f ranks %d of the %d trials at this rung, which keeps the top %d", epoch, own, rank, n,
                keep) : null;
    }
}
