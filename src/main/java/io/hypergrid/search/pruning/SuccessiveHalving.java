package io.hypergrid.search.pruning;

import java.util.Locale;
import java.util.Map;

/**
 * {@code successiveHalving}: rungs at epochs {@code minEpochs * reductionFactor^k} below the trial's last epoch; a
 * trial reaching a rung goes on only if its score is in the top ceil(n / reductionFactor) of the n trials that have
 * reached that rung so far (asynchronous, as in ASHA). Ties go to the earlier trial. The score is the best validation
 * accuracy so far; with {@code trend}, the accuracy at the rung r plus {@code trend} times its rise since epoch r / 2,
 * a straight look ahead that keeps a slow starter still climbing over a fast one that has levelled off.
 *
 * @param minEpochs the first rung (default 1)
 * @param reductionFactor the rungs' ratio and the share kept at each (default 3)
 * @param trend how much the rise over the second half of the way to a rung counts (none by default: best so far)
 */
public record SuccessiveHalving(Integer minEpochs, Integer reductionFactor, Double trend) implements EarlyStopping {
    public static final double MAX_TREND = 10;

    public SuccessiveHalving(Integer minEpochs, Integer reductionFactor) {
        this(minEpochs, reductionFactor, null);
    }

    @Override
    public String type() {
        return SUCCESSIVE_HALVING;
    }

    @Override
    public EarlyStopping withDefaults() {
        return new SuccessiveHalving(minEpochs == null ? 1 : minEpochs, reductionFactor == null ? 3 : reductionFactor,
                trend);
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

    /** A trial's score at a rung with {@code trend}: its accuracy there plus trend times its rise since half the rung. */
    public double score(double atRung, double atHalf) {
        return atRung + trend * (atRung - atHalf);
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
        String score = trend == null ? "best validation accuracy" : "validation accuracy with its trend";
        return rank > keep ? String.format(Locale.ROOT, "pruned at epoch %d by successive halving: %s %.4f ranks %d of"
                + " the %d trials at this rung, which keeps the top %d", epoch, score, own, rank, n, keep) : null;
    }
}
