package io.hypergrid.search;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shape of a search's grid, read from its trials: each dimension with the distinct values it takes, ascending.
 * The dashboard lays out heatmaps and selectors from it.
 *
 * @param dimensions every dimension, in the grid's expansion order; {@code varying} when it has more than one value
 */
public record SearchGrid(Long searchId, int points, List<GridDimension> dimensions) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One dimension: its API name, its values, whether it varies in this grid, and its scale: {@code log} when the
     * submitted range asked for one (a log-spaced grid range or a log-uniform random range), else {@code linear}.
     */
    public record GridDimension(String name, List<Object> values, boolean varying, String scale) {
    }

    /** The dimensions the submitted request gave as a range with {@code "scale": "log"}. */
    static Set<String> logScaled(String spec) {
        if (spec == null || spec.isBlank()) {
            return Set.of();
        }
        try {
            JsonNode grid = JSON.readTree(spec).path("grid");
            Set<String> names = new TreeSet<>();
            for (Map.Entry<String, JsonNode> e : grid.properties()) {
                JsonNode scale = e.getValue().get("scale");
                if (scale != null && "log".equals(scale.asString())) {
                    names.add(e.getKey());
                }
            }
            return names;
        } catch (JacksonException e) {
            return Set.of(); // a spec stored by hand or by an older version: linear axes
        }
    }

    static SearchGrid of(Long searchId, List<TrialParameters> points, Set<String> logScaled) {
        List<GridDimension> dims = new ArrayList<>();
        for (Parameter<?> p : Parameters.DIMENSIONS) {
            TreeSet<Object> values = new TreeSet<>();
            points.forEach(point -> values.add(point.get(p)));
            dims.add(new GridDimension(p.name(), List.copyOf(values), values.size() > 1,
                    logScaled.contains(p.name()) ? "log" : "linear"));
        }
        return new SearchGrid(searchId, points.size(), dims);
    }
}
