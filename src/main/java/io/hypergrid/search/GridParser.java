package io.hypergrid.search;

import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.Split;
import io.hypergrid.validation.PlainText;
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
    private static final Set<String> STRATEGY_KEYS = Set.of("type", "trials", "seed", "earlyStopping");
    static final String GRID = "grid";
    static final String RANDOM = "random";
    static final int MAX_REPEATS = 100;

    private final SearchLimits limits;
    private final List<FieldError> errors = new ArrayList<>();

    GridParser(SearchLimits limits) {
        this.limits = limits;
    }

    /** @throws InvalidSearchException naming every invalid field */
    List<TrialParameters> expand(SubmitSearch request) {
        return plan(request).points().stream().map(SearchPlan.Point::parameters).toList();
    }

    /**
     * Validates the whole submission and expands it into the trials to store: the grid's points (or the sampled
     * points of a random search), each once per repeat.
     *
     * @throws InvalidSearchException naming every invalid field
     */
    SearchPlan plan(SubmitSearch request) {
        String dataset = request.dataset() == null ? DatasetLoader.CIFAR10 : request.dataset();
        if (!DatasetLoader.DATASETS.contains(dataset)) {
            error("dataset", "unknown dataset '" + dataset + "' (known: " + String.join(", ", DatasetLoader.DATASETS) + ")");
        }
        if (request.name() != null && request.name().length() > 200) {
            error("name", "longer than 200 characters");
        }
        PlainText.Check.problem(request.name()).ifPresent(reason -> error("name", reason));
        if (request.maxParallelTrials() != null && request.maxParallelTrials() < 1) {
            error("limits.maxParallelTrials", "must be at least 1");
        }
        if (request.maxFailedTrials() != null && request.maxFailedTrials() < 0) {
            error("limits.maxFailedTrials", "must be at least 0");
        }
        if (request.targetValidationAccuracy() != null && !(request.targetValidationAccuracy() > 0
                && request.targetValidationAccuracy() <= 1)) {
            error("limits.targetValidationAccuracy", "must be above 0 and at most 1 (a fraction, not a percentage)");
        }
        if (request.maxWallSeconds() != null && !(request.maxWallSeconds() > 0
                && Double.isFinite(request.maxWallSeconds()))) {
            error("limits.maxWallSeconds", "must be a positive number of seconds");
        }
        int repeats = request.repeats() == null ? 1 : request.repeats();
        if (repeats < 1 || repeats > MAX_REPEATS) {
            error("repeats", "must be from 1 to " + MAX_REPEATS);
            repeats = 1;
        }
        Strategy strategy = strategy(request.strategy());
        boolean random = RANDOM.equals(strategy.type);
        Map<String, Object> grid = request.grid() == null ? Map.of() : request.grid();
        Map<String, Object> fixed = request.fixed() == null ? Map.of() : request.fixed();
        if (grid.isEmpty()) {
            error("grid", "empty: give at least one dimension with a list or range of values (known: "
                    + String.join(", ", Dimension.ids()) + ")");
        }

        Map<Dimension, List<Object>> values = new EnumMap<>(Dimension.class);
        Map<Dimension, Range> ranges = new EnumMap<>(Dimension.class);
        for (Map.Entry<String, Object> e : grid.entrySet()) {
            Dimension d = known("grid." + e.getKey(), e.getKey());
            if (d == null) {
                continue;
            }
            if (random && e.getValue() instanceof Map<?, ?> range) {
                Range r = sampledRange("grid." + d.id, d, range);
                if (r != null) {
                    ranges.put(d, r);
                    values.put(d, List.of(r.low, r.high)); // the extremes, for the checks of combinations
                } else {
                    values.put(d, List.of());
                }
            } else {
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
        if (strategy.earlyStopping != null && strategy.earlyStopping.minEpochs() != null) {
            for (Object epochs : values.get(Dimension.EPOCHS)) {
                if (strategy.earlyStopping.minEpochs() >= ((Number) epochs).intValue()) {
                    error("strategy.earlyStopping.minEpochs", "the first rung (" + strategy.earlyStopping.minEpochs()
                            + ") must come before the last epoch (" + epochs + ")");
                }
            }
        }
        long points = 1;
        if (random) {
            points = strategy.trials == null ? 0 : strategy.trials;
        } else {
            for (List<Object> v : values.values()) {
                points = v.isEmpty() ? 0 : points > Long.MAX_VALUE / v.size() ? Long.MAX_VALUE : points * v.size();
            }
        }
        long trials = points > Long.MAX_VALUE / repeats ? Long.MAX_VALUE : points * repeats;
        if (trials > limits.maxTrialsPerSearch()) {
            error(random ? "strategy.trials" : "grid", String.format("%,d %s%s, above the limit of %,d trials per search"
                    + " (hypergrid.limits.max-trials-per-search)", points, random ? "sampled points" : "grid points",
                    repeats > 1 ? String.format(" x %d repeats", repeats) : "", limits.maxTrialsPerSearch()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSearchException(errors);
        }
        List<TrialParameters> configs = random
                ? sample(dataset, values, ranges, strategy.trials, strategy.seed)
                : cartesian(dataset, values);
        if (!errors.isEmpty()) {
            throw new InvalidSearchException(errors);
        }
        List<SearchPlan.Point> out = new ArrayList<>(configs.size() * repeats);
        for (int c = 0; c < configs.size(); c++) {
            for (int r = 0; r < repeats; r++) {
                out.add(new SearchPlan.Point(repeat(configs.get(c), r), c, r));
            }
        }
        return new SearchPlan(out, strategy.type, random ? strategy.seed : null, repeats, strategy.earlyStopping);
    }

    /** Repeat r of a configuration trains with seed + r: distinct, reproducible, and repeat 0 is the seed given. */
    private static TrialParameters repeat(TrialParameters p, int r) {
        return r == 0 ? p : new TrialParameters(p.dataset(), p.split(), p.lambda(), p.eta(), p.batchSize(), p.epochs(),
                p.loss(), p.decayEvery(), p.decayFactor(), p.shuffle(), p.seed() + r, p.dtype());
    }

    private record Strategy(String type, Integer trials, long seed, EarlyStopping earlyStopping) {
    }

    private Strategy strategy(Map<String, Object> raw) {
        if (raw == null) {
            return new Strategy(GRID, null, 0, null);
        }
        Object type = raw.getOrDefault("type", GRID);
        if (!GRID.equals(type) && !RANDOM.equals(type)) {
            error("strategy.type", "must be \"grid\" or \"random\", not " + describe(type));
            type = GRID;
        }
        boolean random = RANDOM.equals(type);
        for (String key : raw.keySet()) {
            if (!STRATEGY_KEYS.contains(key)) {
                error("strategy." + key, "unknown field of a strategy (type, trials, seed, earlyStopping)");
            } else if (!random && (key.equals("trials") || key.equals("seed"))) {
                error("strategy." + key, "only for a random search (\"type\": \"random\"); a grid runs every point");
            }
        }
        Integer trials = null;
        long seed = 0;
        if (random) {
            Long t = whole("strategy.trials", raw.get("trials"), 1, limits.maxTrialsPerSearch(), true);
            trials = t == null ? null : t.intValue();
            Long s = whole("strategy.seed", raw.get("seed"), 0, Long.MAX_VALUE, false);
            seed = s == null ? 0 : s;
        }
        EarlyStopping early = null;
        if (raw.get("earlyStopping") != null) {
            early = earlyStopping(raw.get("earlyStopping"));
        }
        return new Strategy((String) type, trials, seed, early);
    }

    private EarlyStopping earlyStopping(Object raw) {
        String path = "strategy.earlyStopping";
        if (!(raw instanceof Map<?, ?> map)) {
            error(path, "must be an object {\"type\": \"median\"|\"successiveHalving\", ...}");
            return null;
        }
        Object type = map.get("type");
        Set<String> keys;
        if (EarlyStopping.MEDIAN.equals(type)) {
            keys = Set.of("type", "warmupEpochs", "minTrials");
        } else if (EarlyStopping.SUCCESSIVE_HALVING.equals(type)) {
            keys = Set.of("type", "minEpochs", "reductionFactor");
        } else {
            error(path + ".type", "must be \"median\" or \"successiveHalving\", not " + describe(type));
            return null;
        }
        for (Object key : map.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                error(path + "." + key, "unknown field of " + type + " early stopping (" + String.join(", ",
                        new java.util.TreeSet<>(keys)) + ")");
            }
        }
        if (EarlyStopping.MEDIAN.equals(type)) {
            Long warmup = whole(path + ".warmupEpochs", map.get("warmupEpochs"), 0, limits.maxEpochs(), false);
            Long minTrials = whole(path + ".minTrials", map.get("minTrials"), 1, limits.maxTrialsPerSearch(), false);
            return new EarlyStopping(EarlyStopping.MEDIAN, warmup == null ? 5 : warmup.intValue(),
                    minTrials == null ? 5 : minTrials.intValue(), null, null);
        }
        Long minEpochs = whole(path + ".minEpochs", map.get("minEpochs"), 1, limits.maxEpochs(), false);
        Long factor = whole(path + ".reductionFactor", map.get("reductionFactor"), 2, 100, false);
        return new EarlyStopping(EarlyStopping.SUCCESSIVE_HALVING, null, null, minEpochs == null ? 1 : minEpochs.intValue(),
                factor == null ? 3 : factor.intValue());
    }

    /** An optional (or required) whole number from min to max; null when absent or invalid (then reported). */
    private Long whole(String path, Object raw, long min, long max, boolean required) {
        Double v = number(path, raw, required);
        if (v == null) {
            return null;
        }
        if (v != Math.rint(v) || v < min || v > max) {
            error(path, "must be a whole number from " + min + " to " + max + ", not " + format(v));
            return null;
        }
        return v.longValue();
    }

    /** A range of a random search: sampled uniformly, on a log scale on request. */
    private record Range(Object low, Object high, boolean log) {
    }

    private Range sampledRange(String path, Dimension d, Map<?, ?> range) {
        if (!d.numeric()) {
            error(path, "a range is only for numeric dimensions; give a list");
            return null;
        }
        for (Object key : range.keySet()) {
            String k = String.valueOf(key);
            if ("count".equals(k)) {
                error(path + ".count", "a random search samples the range; count is for the grid strategy");
            } else if (!RANGE_KEYS.contains(k)) {
                error(path + "." + key, "unknown field of a range (min, max, scale)");
            }
        }
        Object scale = range.containsKey("scale") ? range.get("scale") : "linear";
        if (!"linear".equals(scale) && !"log".equals(scale)) {
            error(path + ".scale", "must be \"linear\" or \"log\"");
            return null;
        }
        if (range.get("min") == null || range.get("max") == null) {
            number(path + ".min", range.get("min"), true);
            number(path + ".max", range.get("max"), true);
            return null;
        }
        Object low = scalar(path + ".min", d, range.get("min"));
        Object high = scalar(path + ".max", d, range.get("max"));
        if (low == null || high == null) {
            return null;
        }
        if (((Number) high).doubleValue() < ((Number) low).doubleValue()) {
            error(path + ".max", "below min");
            return null;
        }
        if ("log".equals(scale) && ((Number) low).doubleValue() <= 0) {
            error(path + ".min", "a log range needs min > 0");
            return null;
        }
        return new Range(low, high, "log".equals(scale));
    }

    /**
     * Draws {@code n} distinct points with {@link java.util.Random} (its algorithm is fixed by the Java
     * specification: the same seed gives the same points on every JVM), dimensions in table order, each a uniform
     * choice of a list, or a uniform (log-uniform) value of a range.
     */
    private List<TrialParameters> sample(String dataset, Map<Dimension, List<Object>> values,
                                         Map<Dimension, Range> ranges, int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        Set<TrialParameters> seen = new LinkedHashSet<>();
        long draws = 0;
        while (seen.size() < n && draws++ < 100L * n) {
            Object[] v = new Object[Dimension.values().length];
            for (Dimension d : Dimension.values()) {
                Range r = ranges.get(d);
                v[d.ordinal()] = r != null ? draw(d, r, random) : pick(values.get(d), random);
            }
            seen.add(parameters(dataset, v));
        }
        if (seen.size() < n) {
            error("strategy.trials", n + " distinct points asked for, but the space holds only " + seen.size());
        }
        return new ArrayList<>(seen);
    }

    private static Object pick(List<Object> choices, java.util.Random random) {
        return choices.size() == 1 ? choices.get(0) : choices.get(random.nextInt(choices.size()));
    }

    private static Object draw(Dimension d, Range r, java.util.Random random) {
        double low = ((Number) r.low).doubleValue();
        double high = ((Number) r.high).doubleValue();
        double u = random.nextDouble();
        if (d.kind == Dimension.Kind.INTEGER) {
            // whole numbers: uniform over low..high, or log-uniform over [low, high + 1) and rounded down
            double x = r.log ? Math.exp(Math.log(low) + u * (Math.log(high + 1) - Math.log(low))) : low + u * (high - low + 1);
            long k = Math.max((long) low, Math.min((long) high, (long) Math.floor(x)));
            return d == Dimension.SEED ? (Object) k : (Object) (int) k;
        }
        double x = r.log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        // 6 significant digits: readable parameters; clamped so rounding cannot leave the range
        x = new BigDecimal(x).round(new java.math.MathContext(6)).doubleValue();
        return Math.max(low, Math.min(high, x));
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
            // 12 significant digits: 0.01, not 0.010000000000000004 from exp(log(...)); the ends exactly; clamped,
            // so rounding cannot leave a range narrower than 12 digits (found by GridExpansionPropertiesTest)
            v = i == 0 ? min : i == n - 1 ? max
                    : Math.max(min, Math.min(max, new BigDecimal(v).round(new java.math.MathContext(12)).doubleValue()));
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
            TrialParameters p = parameters(dataset, v);
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

    private static TrialParameters parameters(String dataset, Object[] v) {
        return new TrialParameters(dataset, (String) v[Dimension.SPLIT.ordinal()],
                ((Number) v[Dimension.LAMBDA.ordinal()]).doubleValue(), ((Number) v[Dimension.ETA.ordinal()]).doubleValue(),
                (Integer) v[Dimension.BATCH_SIZE.ordinal()], (Integer) v[Dimension.EPOCHS.ordinal()],
                (String) v[Dimension.LOSS.ordinal()], (Integer) v[Dimension.DECAY_EVERY.ordinal()],
                ((Number) v[Dimension.DECAY_FACTOR.ordinal()]).doubleValue(), (Boolean) v[Dimension.SHUFFLE.ordinal()],
                ((Number) v[Dimension.SEED.ordinal()]).longValue(), (String) v[Dimension.DTYPE.ordinal()]);
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
