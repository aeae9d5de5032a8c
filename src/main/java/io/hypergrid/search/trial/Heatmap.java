package io.hypergrid.search.trial;

import java.util.List;
import java.util.Map;

/**
 * One heatmap of a search, aggregated on the server: a search's trials (those matching {@code filter}) grouped by
 * their values of two dimensions, one cell per pair that has trials. The dashboard draws it on a canvas whatever the
 * search's size: a 100 x 100 grid is 10,000 cells, not 10,000 trials with every field.
 *
 * @param x the dimension along the horizontal axis; {@code xValues} its values among these trials, ascending
 * @param y the dimension along the vertical axis; {@code yValues} likewise
 * @param aggregate {@code best} (the highest validation accuracy of the cell's trials) or {@code mean} (their mean)
 * @param filter the other dimensions held at one value, as asked
 * @param min the lowest value of the cells with a finished (not only pruned) trial; null when none has one
 * @param max the highest such value; {@code bestTrialId} the trial holding it
 * @param cells one per (x, y) pair that has trials, in x then y order
 */
public record Heatmap(Long searchId, String x, String y, String aggregate, Map<String, Object> filter,
                      List<Object> xValues, List<Object> yValues, Double min, Double max, Long bestTrialId,
                      int trials, List<Cell> cells) {

    /**
     * One cell.
     *
     * @param xi index into {@code xValues}; {@code yi} into {@code yValues}
     * @param value the cell's validation accuracy (best or mean of its succeeded trials; of its pruned ones, at the
     *              epoch they stopped, when none succeeded); null while none has a result
     * @param test the test accuracy beside it (of the best trial, or the mean); null for pruned-only cells
     * @param trialId the trial a click opens: the best one, else the first by grid order
     * @param state SUCCEEDED when some succeeded, else RUNNING, PENDING, PRUNED, FAILED or CANCELLED in that order
     * @param counted how many trials the value is over; {@code count} how many trials the cell has
     * @param epochsDone epochs done over the cell's trials, of {@code epochs}
     * @param prunedAt the epoch the pruned trials stopped at (the latest), when the value is theirs alone
     */
    public record Cell(int xi, int yi, Double value, Double test, long trialId, String state, int count, int counted,
                       int epochsDone, int epochs, Integer prunedAt) {
    }
}
