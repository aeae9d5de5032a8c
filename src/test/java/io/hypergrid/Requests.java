package io.hypergrid;

import io.hypergrid.search.submission.SubmitSearch;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Submissions for tests, written as the API's JSON would be: maps and lists bound to the typed request. */
public final class Requests {
    private static final JsonMapper JSON = JsonMapper.builder()
            .addHandler(new io.hypergrid.search.strategy.MissingTypeIsGrid()).build();

    private Requests() {
    }

    /** A grid search: each grid dimension a list (or a range map), the fixed ones single values. */
    public static SubmitSearch grid(String name, String dataset, Map<String, ?> grid, Map<String, ?> fixed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("dataset", dataset);
        body.put("grid", grid);
        body.put("fixed", fixed);
        return from(body);
    }

    /** Any request, as the JSON object it would be. */
    public static SubmitSearch from(Map<String, ?> body) {
        return JSON.convertValue(body, SubmitSearch.class);
    }

    /** Any request, as JSON text. */
    public static SubmitSearch json(String json) {
        return JSON.readValue(json, SubmitSearch.class);
    }

    /** A body with one more field. */
    public static Map<String, Object> with(Map<String, ?> body, String field, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put(field, value);
        return out;
    }
}
