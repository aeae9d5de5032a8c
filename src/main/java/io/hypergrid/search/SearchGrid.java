package io.hypergrid.search;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The shape of a search's grid, read from its trials: each dimension with the distinct values it takes, ascending.
 * The dashboard lays out heatmaps and selectors from it.
 *
 * @param dimensions every dimension, in the grid's expansion order; {@code varying} when it has more than one value
 */
public record SearchGrid(Long searchId, int points, List<GridDimension> dimensions) {

    /** One dimension: its API name, its values, and whether it varies in this grid. */
    public record GridDimension(String name, List<Object> values, boolean varying) {
    }

    static SearchGrid of(Long searchId, List<TrialParameters> points) {
        List<GridDimension> dims = new ArrayList<>();
        add(dims, points, "lambda", TrialParameters::lambda);
        add(dims, points, "eta", TrialParameters::eta);
        add(dims, points, "batchSize", TrialParameters::batchSize);
        add(dims, points, "epochs", TrialParameters::epochs);
        add(dims, points, "loss", TrialParameters::loss);
        add(dims, points, "decayEvery", TrialParameters::decayEvery);
        add(dims, points, "decayFactor", TrialParameters::decayFactor);
        add(dims, points, "shuffle", TrialParameters::shuffle);
        add(dims, points, "seed", TrialParameters::seed);
        add(dims, points, "split", TrialParameters::split);
        add(dims, points, "dtype", TrialParameters::dtype);
        return new SearchGrid(searchId, points.size(), List.copyOf(dims));
    }

    private static <T extends Comparable<T>> void add(List<GridDimension> dims, List<TrialParameters> points,
                                                      String name, Function<TrialParameters, T> value) {
        TreeSet<T> values = new TreeSet<>();
        points.forEach(p -> values.add(value.apply(p)));
        dims.add(new GridDimension(name, List.<Object>copyOf(values), values.size() > 1));
    }
}
