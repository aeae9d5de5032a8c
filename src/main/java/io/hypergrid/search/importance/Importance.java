package io.hypergrid.search.importance;

import java.util.List;

/**
 * How much each varied parameter of a search mattered for its validation accuracy.
 *
 * @param method {@code grid} (the exact variance decomposition of a full grid's table), {@code fanova} (functional
 *               ANOVA over a random forest fitted to the finished configurations) or {@code none} (fewer than two
 *               finished configurations, or no parameter varied)
 * @param configurations the finished configurations it was computed from (repeats averaged)
 * @param fittedOn how many of them the forest was fitted to: all of them up to
 *                 {@link ParameterImportance#MAX_FITTED}, a seeded random sample of that many above (equal to
 *                 {@code configurations} for {@code grid} and {@code none})
 * @param parameters the varied parameters, most important first
 */
public record Importance(String method, int configurations, int fittedOn, List<Share> parameters) {

    /**
     * @param importance the parameter's share, the shares summing to 1 (as Optuna reports importances)
     * @param varianceFraction the variance of its marginal over the total variance: the shares before normalising;
     *                         their sum below 1 is what interactions explain
     */
    public record Share(String name, double importance, double varianceFraction) {
    }
}
