package io.hypergrid.search.submission;

import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.pruning.EarlyStopping;
import io.hypergrid.search.strategy.SearchSpace;
import io.hypergrid.search.strategy.Strategy;
import java.util.List;

/**
 * What a valid submission becomes: where it looks, how, the trials to store now (each configuration once per
 * repeat) and how many it asks for in all.
 *
 * @param strategy the strategy, its early-stopping rule with defaults filled in
 * @param points the trials stored at submit, in {@code gridIndex} order
 * @param trialCount the trials the search asks for in all (configurations x repeats)
 */
public record SearchPlan(String name, String dataset, SearchSpace space, Strategy strategy,
                         EarlyStopping earlyStopping, int repeats, Limits limits, List<Point> points, int trialCount) {

    /** One trial: its parameters, the configuration it belongs to (repeats share it) and its repeat index. */
    public record Point(TrialParameters parameters, int configIndex, int repeat) {

        /**
         * The trials of configurations proposed together, from {@code firstConfigIndex} on: each once per repeat,
         * repeat r training with seed + r (distinct, reproducible, and repeat 0 is the seed given).
         */
        public static List<Point> repeated(List<TrialParameters> configurations, int firstConfigIndex, int repeats) {
            List<Point> out = new java.util.ArrayList<>(configurations.size() * repeats);
            for (int c = 0; c < configurations.size(); c++) {
                TrialParameters p = configurations.get(c);
                for (int r = 0; r < repeats; r++) {
                    out.add(new Point(r == 0 ? p : p.with(Parameters.SEED, p.seed() + r), firstConfigIndex + c, r));
                }
            }
            return out;
        }
    }
}
