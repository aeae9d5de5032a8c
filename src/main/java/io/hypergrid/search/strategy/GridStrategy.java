package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.pruning.EarlyStopping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Null;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grid}: every point of the space's lists, in the table's expansion order (the first dimension varies
 * slowest). {@code trials} and {@code seed} belong to a random search; given here they are refused by name.
 */
public record GridStrategy(
        @Null(message = "only for a random or TPE search (\"type\": \"random\" or \"tpe\"); a grid runs every point") Integer trials,
        @Null(message = "only for a random or TPE search (\"type\": \"random\" or \"tpe\"); a grid runs every point") Long seed,
        @Valid EarlyStopping earlyStopping) implements Strategy {

    public GridStrategy(EarlyStopping earlyStopping) {
        this(null, null, earlyStopping);
    }

    @Override
    public String type() {
        return GRID;
    }

    @Override
    public Long sampleSeed() {
        return null;
    }

    @Override
    public long configurations(SearchSpace space) {
        long points = 1;
        for (Parameter<?> p : Parameters.DIMENSIONS) {
            int n = space.values(p).size();
            points = n == 0 ? 0 : points > Long.MAX_VALUE / n ? Long.MAX_VALUE : points * n;
        }
        return points;
    }

    /** The grid's points after those the search has, in the same order: the same trials, proposed later. */
    @Override
    public List<TrialParameters> nextPoints(SearchSpace space, List<PastTrial> history, int count) {
        int proposed = (int) history.stream().mapToInt(PastTrial::configIndex).distinct().count();
        List<TrialParameters> all = initialPoints(space);
        return all.subList(Math.min(proposed, all.size()), Math.min(proposed + count, all.size()));
    }

    @Override
    public List<TrialParameters> initialPoints(SearchSpace space) {
        List<Parameter<?>> dims = Parameters.DIMENSIONS;
        List<List<Object>> values = dims.stream().map(space::values).toList();
        int[] index = new int[dims.size()];
        Set<TrialParameters> seen = new LinkedHashSet<>();
        List<TrialParameters> out = new ArrayList<>();
        while (true) {
            Map<Parameter<?>, Object> point = new HashMap<>();
            point.put(Parameters.DATASET, space.dataset());
            for (int i = 0; i < dims.size(); i++) {
                point.put(dims.get(i), values.get(i).get(index[i]));
            }
            TrialParameters p = TrialParameters.of(point);
            if (seen.add(p)) {
                out.add(p);
            }
            int i = dims.size() - 1;
            while (i >= 0 && ++index[i] == values.get(i).size()) {
                index[i--] = 0;
            }
            if (i < 0) {
                return out;
            }
        }
    }
}
