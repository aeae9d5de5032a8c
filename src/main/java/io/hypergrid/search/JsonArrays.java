package io.hypergrid.search;

import java.util.ArrayList;
import java.util.List;

/** The two small JSON arrays stored in trial columns (per-class accuracy, confusion matrix), read back. */
final class JsonArrays {
    private JsonArrays() {
    }

    static List<Double> doubles(String json) {
        List<Double> out = new ArrayList<>();
        String body = json.strip();
        body = body.substring(1, body.length() - 1);
        if (body.isBlank()) {
            return out;
        }
        for (String part : body.split(",")) {
            String v = part.strip();
            out.add("null".equals(v) ? null : Double.valueOf(v));
        }
        return out;
    }

    static List<List<Integer>> matrix(String json) {
        List<List<Integer>> out = new ArrayList<>();
        String body = json.strip();
        body = body.substring(1, body.length() - 1).strip();
        for (String row : body.split("\\]\\s*,\\s*\\[")) {
            List<Integer> values = new ArrayList<>();
            for (String v : row.replace("[", "").replace("]", "").split(",")) {
                if (!v.isBlank()) {
                    values.add(Integer.valueOf(v.strip()));
                }
            }
            out.add(values);
        }
        return out;
    }
}
