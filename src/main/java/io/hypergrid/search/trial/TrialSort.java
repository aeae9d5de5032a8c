package io.hypergrid.search.trial;

import io.hypergrid.search.parameter.Parameters;
import java.util.Map;
import java.util.TreeMap;

/** The fields a search's trials can be sorted by: every parameter and metric, by its API name. */
public final class TrialSort {
    /** API name to the entity property a query sorts by. */
    public static final Map<String, String> PROPERTIES;

    static {
        Map<String, String> p = new TreeMap<>();
        for (String f : new String[] {"gridIndex", "id", "state", "attempt", "epochsDone", "configIndex", "repeatIndex",
                "trainingSeconds"}) {
            p.put(f, f);
        }
        Parameters.ALL.forEach(parameter -> p.put(parameter.name(), "parameters." + parameter.name()));
        for (String set : new String[] {"train", "validation", "test"}) {
            for (String metric : new String[] {"Accuracy", "Loss", "Cost"}) {
                p.put(set + metric, set + "." + metric.toLowerCase(java.util.Locale.ROOT));
            }
        }
        PROPERTIES = java.util.Collections.unmodifiableMap(p);
    }

    private TrialSort() {
    }
}
