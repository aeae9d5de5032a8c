package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import java.util.List;
import java.util.Map;

/**
 * Where a search looks: for each dimension of the table ({@link Parameters#DIMENSIONS}), by API name, either the
 * list of values it takes (one value for a fixed or defaulted dimension) or a range to sample (random search).
 * Validated before it is built; stored with the search, so strategies that propose later read the same space.
 *
 * @param values the values of each listed dimension, distinct, normalised to the parameter's type
 * @param ranges the sampled ranges of a random search
 */
public record SearchSpace(String dataset, Map<String, List<Object>> values, Map<String, SampledRange> ranges) {

    /** A range that a strategy samples: uniformly, or log-uniformly; integers are drawn whole. */
    public record SampledRange(double low, double high, boolean log) {
    }

    public SearchSpace {
        values = Map.copyOf(values);
        ranges = Map.copyOf(ranges);
    }

    /** The values of a listed dimension, normalised to its type (JSON read back gives Integer for a small Long). */
    public List<Object> values(Parameter<?> p) {
        List<Object> v = values.get(p.name());
        return v == null ? null : v.stream().<Object>map(p::value).toList();
    }

    public SampledRange range(Parameter<?> p) {
        return ranges.get(p.name());
    }
}
