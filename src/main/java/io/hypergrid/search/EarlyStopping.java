package io.hypergrid.search;

/**
 * A search's early-stopping rule, as stored with the search.
 *
 * <ul>
 *   <li>{@code median}: at epoch e &gt; {@code warmupEpochs}, a trial whose best validation accuracy so far is below
 *   the median of the other trials' best so far at e stops, once at least {@code minTrials} other trials reached e.
 *   <li>{@code successiveHalving}: rungs at epochs {@code minEpochs * reductionFactor^k} below the trial's last
 *   epoch; a trial reaching a rung goes on only if its best validation accuracy so far is in the top
 *   ceil(n / reductionFactor) of the n trials that have reached that rung so far (asynchronous, as in ASHA).
 * </ul>
 */
public record EarlyStopping(String type, Integer warmupEpochs, Integer minTrials, Integer minEpochs,
                            Integer reductionFactor) {
    public static final String MEDIAN = "median";
    public static final String SUCCESSIVE_HALVING = "successiveHalving";

    /** Whether a trial of {@code epochs} epochs is judged at the end of {@code epoch}. Never at its last epoch. */
    public boolean decidesAt(int epoch, int epochs) {
        if (epoch < 1 || epoch >= epochs) {
            return false;
        }
        if (MEDIAN.equals(type)) {
            return epoch > warmupEpochs;
        }
        long rung = minEpochs;
        while (rung < epoch) {
            rung *= reductionFactor;
        }
        return rung == epoch;
    }
}
