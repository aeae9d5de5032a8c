package io.hypergrid.search;

import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.Split;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a submission and expands its grid into trial parameters. Every problem is collected with its field
 * path, so one answer lists all of them; nothing is expanded before the grid's size is known to be within limits.
 */
final class GridParser {
    private static final Set<String> RANGE_KEYS = Set.of("min", "max", "count", "scale");

    private final SearchLimits limits;
    private final List<FieldError> errors = new ArrayList<>();

    GridParser(SearchLimits limits) {
        this.limits = limits;
    }

    /** @throws InvalidSearchException naming every invalid field */
    List<TrialParameters> expand(SubmitSearch request) {
        String dataset = request.dataset() == null ? DatasetLoader.CIFAR10 : request.dataset();
        if (!DatasetLoader.DATASETS.contains(dataset)) {
            error("dataset", "unknown dataset '" + dataset + "' (known: " + String.join(", ", DatasetLoader.DATASETS) + ")");
        }
        if (request.name() != null && request.name().length() > 200) {
            error("name", "longer than 200 characters");
        }
        if (request.maxParallelTrials() != null && request.maxParallelTrials() < 1) {
            error("limits.maxParallelTrials", "must be at least 1");
        }
        if (request.maxFailedTrials() != null && request.maxFailedTrials() < 0) {
            error("limits.maxFailedTrials", "must be at least 0");
        }
        Map<String, Object> grid = request.grid() == null ? Map.of() : request.grid();
        Map<String, Object> fixed = request.fixed() == null ? Map.of() : request.fixed();
        if (grid.isEmpty()) {
            error("grid", "empty: give at least one dimension with a list or range of values (known: "
                    + String.join(", ", Dimension.ids()) + ")");
        }

        Map<Dimension, List<Object>> values = new EnumMap<>(Dimension.class);
        for (Map.Entry<String, Object> e : grid.entrySet()) {
            Dimension d = known("grid." + e.getKey(), e.getKey());
            if (d != null) {
                values.put(d, gridValues("grid." + d.id, d, e.getValue()));
            }
        }
        for (Map.Entry<String, Object> e : fixed.entrySet()) {
            Dimension d = known("fixed." + e.getKey(), e.getKey());
            if (d == null) {
                continue;
            }
            if (values.containsKey(d)) {
                error("fixed." + d.id, "also given in grid: a dimension is either varied or fixed");
                continue;
            }
            Object v = scalar("fixed." + d.id, d, e.getValue());
            values.put(d, v == null ? List.of() : List.of(v));
        }
        for (Dimension d : Dimension.values()) {
            values.putIfAbsent(d, List.of(d.defaultValue));
        }
        checkTrainingSetSizes(dataset, values);
        long points = 1;
        for (List<Object> v : values.values()) {
            points = v.isEmpty() ? 0 : points > Long.MAX_VALUE / v.size() ? Long.MAX_VALUE : points * v.size();
        }
        if (points > limits.maxTrialsPerSearch()) {
            error("grid", String.format("%,d grid points, above the limit of %,d per search"
                    + " (hypergrid.limits.max-trials-per-search)", points, limits.maxTrialsPerSearch()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSearchException(errors);
        }
        return cartesian(dataset, values);
    }

    private void checkTrainingSetSizes(String dataset, Map<Dimension, List<Object>> values) {
        if (!DatasetLoader.DATASETS.contains(dataset)) {
            return;
        }
        for (Object split : values.get(Dimension.SPLIT)) {
            int n = DatasetLoader.trainingSetSize(dataset, Split.of((String) split));
            for (Object batch : values.get(Dimension.BATCH_SIZE)) {
                if (((Number) batch).longValue() > n) {
                    error(path(Dimension.BATCH_SIZE), "batch size " + batch + " is above the " + n
                            + " training images of " + dataset + " split " + split);
                }
            }
        }
        for (Object epochs : values.get(Dimension.EPOCHS)) {
            if (((Number) epochs).longValue() > limits.maxEpochs()) {
                error(path(Dimension.EPOCHS), epochs + " epochs, above the limit of " + limits.maxEpochs()
                        + " (hypergrid.limits.max-epochs)");
            }
        }
    }

    /** Where a dimension's values came from, for messages about combinations. */
    private String path(Dimension d) {
        return "grid." + d.id;
    }

    private Dimension known(String path, String id) {
        Dimension d = Dimension.byId(id);
        if (d == null) {
            error(path, "unknown dimension (known: " + String.join(", ", Dimension.ids()) + ")");
        }
        return d;
    }

    private List<Object> gridValues(String path, Dimension d, Object raw) {
        List<Object> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            if (list.isEmpty()) {
                error(path, "empty list");
            }
            for (int i = 0; i < list.size(); i++) {
                Object v = scalar(path + "[" + i + "]", d, list.get(i));
                if (v != null && !out.contains(v)) {
                    out.add(v); // identical values make identical points: one trial
                }
            }
        } else if (raw instanceof Map<?, ?> range) {
            out.addAll(range(path, d, range));
        } else {
            error(path, d.numeric() ? "must be a list of values or a range {\"min\", \"max\", \"count\", \"scale\"}"
                    : "must be a list of values");
        }
        return out;
    }

    private List<Object> range(String path, Dimension d, Map<?, ?> range) {
        if (!d.numeric()) {
            error(path, "a range is only for numeric dimensions; give a list");
            return List.of();
        }
        for (Object key : range.keySet()) {
            if (!RANGE_KEYS.contains(String.valueOf(key))) {
                error(path + "." + key, "unknown field of a range (min, max, count, scale)");
            }
        }
        Double min = number(path + ".min", range.get("min"), true);
        Double max = number(path + ".max", range.get("max"), true);
        Double count = number(path + ".count", range.get("count"), true);
        Object scale = range.containsKey("scale") ? range.get("scale") : "linear";
        if (!"linear".equals(scale) && !"log".equals(scale)) {
            error(path + ".scale", "must be \"linear\" or \"log\"");
            return List.of();
        }
        if (min == null || max == null || count == null) {
            return List.of();
        }
        if (count != Math.rint(count) || count < 1 || count > limits.maxTrialsPerSearch()) {
            error(path + ".count", "must be a whole number from 1 to " + limits.maxTrialsPerSearch());
            return List.of();
        }
        if (max < min) {
            error(path + ".max", "below min");
            return List.of();
        }
        if ("log".equals(scale) && min <= 0) {
            error(path + ".min", "a log range needs min > 0");
            return List.of();
        }
        int n = count.intValue();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? 0 : (double) i / (n - 1);
            double v = "log".equals(scale)
                    ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)))
                    : min + t * (max - min);
            // 12 significant digits: 0.01, not 0.010000000000000004 from exp(log(...)); the ends exactly
            v = i == 0 ? min : i == n - 1 ? max
                    : new BigDecimal(v).round(new java.math.MathContext(12)).doubleValue();
            Object checked = scalar(path, d, d.kind == Dimension.Kind.INTEGER ? (Object) Math.round(v) : v);
            if (checked != null && !out.contains(checked)) {
                out.add(checked);
            }
        }
        return out;
    }

    /** One value of a dimension, checked and normalised (Double, Long or Integer, String, Boolean); null if invalid. */
    private Object scalar(String path, Dimension d, Object raw) {
        switch (d.kind) {
            case NUMBER: {
                Double v = number(path, raw, true);
                if (v == null) {
                    return null;
                }
                if (d.minExclusive ? v <= d.min : v < d.min) {
                    error(path, "must be " + (d.minExclusive ? "> " : ">= ") + format(d.min) + ", not " + format(v));
                    return null;
                }
                return v;
            }
            case INTEGER: {
                Double v = number(path, raw, true);
                if (v == null) {
                    return null;
                }
                if (v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
                    error(path, "must be a whole number, not " + format(v));
                    return null;
                }
                if (v < d.min || v > d.max) {
                    error(path, "must be from " + format(d.min) + " to " + format(d.max) + ", not " + format(v));
                    return null;
                }
                return d == Dimension.SEED ? (Object) v.longValue() : (Object) v.intValue();
            }
            case CHOICE:
                if (!(raw instanceof String s) || !d.choices.contains(s)) {
                    error(path, "must be one of " + String.join(", ", d.choices) + ", not " + describe(raw));
                    return null;
                }
                return s;
            default:
                if (!(raw instanceof Boolean)) {
                    error(path, "must be true or false, not " + describe(raw));
                    return null;
                }
                return raw;
        }
    }

    private Double number(String path, Object raw, boolean required) {
        if (raw == null) {
            if (required) {
                error(path, "required: a number");
            }
            return null;
        }
        if (!(raw instanceof Number n)) {
            error(path, "must be a number, not " + describe(raw));
            return null;
        }
        double v = n instanceof BigDecimal b ? b.doubleValue() : n instanceof BigInteger b ? b.doubleValue() : n.doubleValue();
        if (!Double.isFinite(v)) {
            error(path, "must be a finite number");
            return null;
        }
        return v;
    }

    private List<TrialParameters> cartesian(String dataset, Map<Dimension, List<Object>> values) {
        List<TrialParameters> out = new ArrayList<>();
        Dimension[] dims = Dimension.values();
        int[] index = new int[dims.length];
        Set<TrialParameters> seen = new LinkedHashSet<>();
        while (true) {
            Object[] v = new Object[dims.length];
            for (int i = 0; i < dims.length; i++) {
                v[i] = values.get(dims[i]).get(index[i]);
            }
            TrialParameters p = new TrialParameters(dataset, (String) v[Dimension.SPLIT.ordinal()],
                    (Double) v[Dimension.LAMBDA.ordinal()], (Double) v[Dimension.ETA.ordinal()],
                    (Integer) v[Dimension.BATCH_SIZE.ordinal()], (Integer) v[Dimension.EPOCHS.ordinal()],
                    (String) v[Dimension.LOSS.ordinal()], (Integer) v[Dimension.DECAY_EVERY.ordinal()],
                    (Double) v[Dimension.DECAY_FACTOR.ordinal()], (Boolean) v[Dimension.SHUFFLE.ordinal()],
                    ((Number) v[Dimension.SEED.ordinal()]).longValue(), (String) v[Dimension.DTYPE.ordinal()]);
            if (seen.add(p)) {
                out.add(p);
            }
            int i = dims.length - 1;
            while (i >= 0 && ++index[i] == values.get(dims[i]).size()) {
                index[i--] = 0;
            }
            if (i < 0) {
                return out;
            }
        }
    }

    private void error(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    private static String describe(Object raw) {
        if (raw == null) {
            return "null";
        }
        if (raw instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (raw instanceof List) {
            return "a list";
        }
        if (raw instanceof Map) {
            return "an object";
        }
        return String.valueOf(raw);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
