package io.hypergrid.search.submission;

import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.Split;
import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.pruning.EarlyStopping;
import io.hypergrid.search.pruning.MedianRule;
import io.hypergrid.search.pruning.SuccessiveHalving;
import io.hypergrid.search.strategy.GridStrategy;
import io.hypergrid.search.strategy.RandomStrategy;
import io.hypergrid.search.strategy.SearchSpace;
import io.hypergrid.search.strategy.Strategy;
import io.hypergrid.search.strategy.TpeStrategy;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Validates a typed submission and plans it: Bean Validation for each field's own constraints, then what depends
 * on the table of parameters, the configured limits or several fields at once. Every problem is collected with its
 * field path, so one answer lists all of them; nothing is expanded before the search's size is known to be within
 * limits.
 */
@Component
public class SearchPlanner {
    private final SearchLimits limits;
    private final Validator validator;

    public SearchPlanner(SearchLimits limits, Validator validator) {
        this.limits = limits;
        this.validator = validator;
    }

    @org.springframework.beans.factory.annotation.Autowired
    SearchPlanner(io.hypergrid.config.HypergridProperties properties, Validator validator) {
        this(new SearchLimits(properties.limits().maxTrialsPerSearch(), properties.limits().maxEpochs(),
                properties.limits().maxPendingTrials()), validator);
    }

    /** @throws InvalidSearchException naming every invalid field */
    public SearchPlan plan(SubmitSearch request) {
        return new Planning(request).plan();
    }

    /** Significant digits of the points inside a grid range (the ends stay exactly as given); random search keeps 6 too. */
    public static final int RANGE_DIGITS = 6;

    /**
     * A grid range's n points: the ends exactly as given, the points between rounded to {@link #RANGE_DIGITS}
     * significant digits (1.07227e-4, not 1.07226722201e-4 from exp(log(...))), clamped to the range; with more
     * digits, up to 12, only where 6 would make two neighbouring points coincide (a very narrow range).
     */
    static double[] rangePoints(double min, double max, int n, boolean log) {
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? 0 : (double) i / (n - 1);
            exact[i] = log ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min);
        }
        double[] out = new double[n];
        for (int digits = RANGE_DIGITS; ; digits++) {
            boolean distinct = true;
            for (int i = 0; i < n; i++) {
                out[i] = i == 0 ? min : i == n - 1 ? max
                        : Math.max(min, Math.min(max,
                                new BigDecimal(exact[i]).round(new MathContext(digits)).doubleValue()));
                distinct &= i == 0 || out[i] != out[i - 1];
            }
            if (distinct || digits >= 12) {
                return out;
            }
        }
    }

    /** One submission's planning: the errors found so far. */
    private final class Planning {
        private final SubmitSearch request;
        private final List<FieldError> errors = new ArrayList<>();

        Planning(SubmitSearch request) {
            this.request = request;
        }

        SearchPlan plan() {
            for (ConstraintViolation<SubmitSearch> v : validator.validate(request)) {
                error(v.getPropertyPath().toString(), v.getMessage());
            }
            String dataset = request.dataset() == null ? DatasetLoader.CIFAR10 : request.dataset();
            if (!DatasetLoader.DATASETS.contains(dataset)) {
                error("dataset", "unknown dataset '" + dataset + "' (known: " + String.join(", ", DatasetLoader.DATASETS) + ")");
            }
            Strategy strategy = request.strategy() == null ? new GridStrategy(null) : request.strategy();
            // random and TPE sample their ranges and ask for a number of trials
            boolean random = strategy instanceof RandomStrategy || strategy instanceof TpeStrategy;
            Integer sampledTrials = strategy instanceof RandomStrategy r ? r.trials()
                    : strategy instanceof TpeStrategy t ? t.trials() : null;
            int repeats = request.repeats() == null || request.repeats() < 1 || request.repeats() > SubmitSearch.MAX_REPEATS
                    ? 1 : request.repeats();
            EarlyStopping early = earlyStopping(strategy.earlyStopping());
            if (sampledTrials != null) {
                whole("strategy.trials", sampledTrials, 1, limits.maxTrialsPerSearch());
            }
            if (strategy instanceof TpeStrategy t) {
                whole("strategy.startupTrials", t.startupTrials(), 0, limits.maxTrialsPerSearch());
                whole("strategy.candidates", t.candidates(), 1, TpeStrategy.MAX_CANDIDATES);
                whole("strategy.proposalsPerClaim", t.proposalsPerClaim(), 1, TpeStrategy.MAX_PROPOSALS_PER_CLAIM);
            }

            Map<String, DimensionSpec> grid = request.grid() == null ? Map.of() : request.grid();
            Map<String, Object> fixed = request.fixed() == null ? Map.of() : request.fixed();
            if (grid.isEmpty()) {
                error("grid", "empty: give at least one dimension with a list or range of values (known: "
                        + String.join(", ", Parameters.dimensionNames()) + ")");
            }
            Map<String, List<Object>> values = new LinkedHashMap<>();
            Map<String, SearchSpace.SampledRange> ranges = new LinkedHashMap<>();
            /* the values a combination check sees: a list's values, a sampled range's two ends */
            Map<Parameter<?>, List<Object>> extremes = new LinkedHashMap<>();
            for (Map.Entry<String, DimensionSpec> e : grid.entrySet()) {
                Parameter<?> p = known("grid." + e.getKey(), e.getKey());
                if (p == null) {
                    continue;
                }
                String path = "grid." + p.name();
                if (e.getValue() instanceof DimensionSpec.Range range && random) {
                    SearchSpace.SampledRange r = sampled(path, p, range);
                    if (r != null) {
                        ranges.put(p.name(), r);
                        extremes.put(p, List.of(p.value(r.low()), p.value(r.high())));
                    } else {
                        extremes.put(p, List.of());
                    }
                } else if (e.getValue() instanceof DimensionSpec.Range range) {
                    List<Object> v = expanded(path, p, range);
                    values.put(p.name(), v);
                    extremes.put(p, v);
                } else if (e.getValue() instanceof DimensionSpec.Values list) {
                    List<Object> v = listed(path, p, list.values());
                    values.put(p.name(), v);
                    extremes.put(p, v);
                } else {
                    error(path, "must be " + DimensionSpec.SHAPE);
                }
            }
            for (Map.Entry<String, Object> e : fixed.entrySet()) {
                Parameter<?> p = known("fixed." + e.getKey(), e.getKey());
                if (p == null) {
                    continue;
                }
                if (extremes.containsKey(p)) {
                    error("fixed." + p.name(), "also given in grid: a dimension is either varied or fixed");
                    continue;
                }
                Object v = check("fixed." + p.name(), p, e.getValue());
                values.put(p.name(), v == null ? List.of() : List.of(v));
                extremes.put(p, v == null ? List.of() : List.of(v));
            }
            for (Parameter<?> p : Parameters.DIMENSIONS) {
                if (!extremes.containsKey(p)) {
                    values.put(p.name(), List.of(p.defaultValue()));
                    extremes.put(p, List.of(p.defaultValue()));
                }
            }
            combinations(dataset, extremes, early);

            SearchSpace space = new SearchSpace(dataset, values, ranges);
            long configurations = strategy.configurations(space);
            long trials = configurations > Long.MAX_VALUE / repeats ? Long.MAX_VALUE : configurations * repeats;
            if (trials > limits.maxTrialsPerSearch() && (!random || sampledTrials <= limits.maxTrialsPerSearch())) {
                error(random ? "strategy.trials" : "grid", String.format("%,d %s%s, above the limit of %,d trials per"
                        + " search (hypergrid.limits.max-trials-per-search)", configurations,
                        random ? "sampled points" : "grid points",
                        repeats > 1 ? String.format(" x %d repeats", repeats) : "", limits.maxTrialsPerSearch()));
            }
            if (!errors.isEmpty()) {
                throw new InvalidSearchException(errors);
            }
            List<TrialParameters> initial;
            try {
                initial = strategy.initialPoints(space);
            } catch (IllegalArgumentException e) {
                error(random ? "strategy.trials" : "grid", e.getMessage());
                throw new InvalidSearchException(errors);
            }
            String name = request.name() == null || request.name().isBlank() ? "search" : request.name().strip();
            return new SearchPlan(name, dataset, space, strategy, early, repeats,
                    request.limits() == null ? Limits.NONE : request.limits(),
                    SearchPlan.Point.repeated(initial, 0, repeats), (int) trials);
        }

        /** The rule with its defaults, its settings checked against the limits; null without one. */
        private EarlyStopping earlyStopping(EarlyStopping rule) {
            if (rule == null) {
                return null;
            }
            String path = "strategy.earlyStopping.";
            if (rule instanceof MedianRule m) {
                whole(path + "warmupEpochs", m.warmupEpochs(), 0, limits.maxEpochs());
                whole(path + "minTrials", m.minTrials(), 1, limits.maxTrialsPerSearch());
            } else if (rule instanceof SuccessiveHalving h) {
                whole(path + "minEpochs", h.minEpochs(), 1, limits.maxEpochs());
                whole(path + "reductionFactor", h.reductionFactor(), 2, 100);
                if (h.trend() != null && !(h.trend() >= 0 && h.trend() <= SuccessiveHalving.MAX_TREND)) {
                    error(path + "trend", "must be a number from 0 to " + (int) SuccessiveHalving.MAX_TREND + ", not "
                            + h.trend());
                }
            }
            return rule.withDefaults();
        }

        private void whole(String path, Integer value, long min, long max) {
            if (value != null && (value < min || value > max)) {
                error(path, "must be a whole number from " + min + " to " + max + ", not " + value);
            }
        }

        /** Batch sizes against the training sets, epochs against the limit and the first rung. */
        private void combinations(String dataset, Map<Parameter<?>, List<Object>> values, EarlyStopping early) {
            if (DatasetLoader.DATASETS.contains(dataset)) {
                for (Object split : values.get(Parameters.SPLIT)) {
                    int n = DatasetLoader.trainingSetSize(dataset, Split.of((String) split));
                    for (Object batch : values.get(Parameters.BATCH_SIZE)) {
                        if (((Number) batch).longValue() > n) {
                            error("grid." + Parameters.BATCH_SIZE.name(), "batch size " + batch + " is above the " + n
                                    + " training images of " + dataset + " split " + split);
                        }
                    }
                }
            }
            for (Object epochs : values.get(Parameters.EPOCHS)) {
                if (((Number) epochs).longValue() > limits.maxEpochs()) {
                    error("grid." + Parameters.EPOCHS.name(), epochs + " epochs, above the limit of " + limits.maxEpochs()
                            + " (hypergrid.limits.max-epochs)");
                }
                if (early instanceof SuccessiveHalving h && h.minEpochs() >= ((Number) epochs).intValue()) {
                    error("strategy.earlyStopping.minEpochs", "the first rung (" + h.minEpochs()
                            + ") must come before the last epoch (" + epochs + ")");
                }
            }
        }

        private Parameter<?> known(String path, String name) {
            Parameter<?> p = Parameters.dimension(name).orElse(null);
            if (p == null) {
                error(path, "unknown dimension (known: " + String.join(", ", Parameters.dimensionNames()) + ")");
            }
            return p;
        }

        /** One value, checked by its parameter; null (and an error) if invalid. */
        private Object check(String path, Parameter<?> p, Object raw) {
            try {
                return p.value(raw);
            } catch (IllegalArgumentException e) {
                error(path, e.getMessage());
                return null;
            }
        }

        private List<Object> listed(String path, Parameter<?> p, List<Object> raw) {
            if (raw.isEmpty()) {
                error(path, "empty list");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                Object v = check(path + "[" + i + "]", p, raw.get(i));
                if (v != null && !out.contains(v)) {
                    out.add(v); // identical values make identical points: one trial
                }
            }
            return out;
        }

        /** A grid range: count points, evenly or log-spaced, the ends exact. */
        private List<Object> expanded(String path, Parameter<?> p, DimensionSpec.Range range) {
            if (!p.numeric()) {
                error(path, "a range is only for numeric dimensions; give a list");
                return List.of();
            }
            Double min = number(path + ".min", range.min());
            Double max = number(path + ".max", range.max());
            Double count = number(path + ".count", range.count());
            if (!scale(path, range) || min == null || max == null || count == null) {
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
            if (range.log() && min <= 0) {
                error(path + ".min", "a log range needs min > 0");
                return List.of();
            }
            int n = count.intValue();
            List<Object> out = new ArrayList<>();
            for (double v : rangePoints(min, max, n, range.log())) {
                Object checked = check(path, p, p.kind() == Parameter.Kind.INTEGER ? (Object) Math.round(v) : v);
                if (checked != null && !out.contains(checked)) {
                    out.add(checked);
                }
            }
            return out;
        }

        /** A random search's range: both ends valid values of the dimension, in order. */
        private SearchSpace.SampledRange sampled(String path, Parameter<?> p, DimensionSpec.Range range) {
            if (!p.numeric()) {
                error(path, "a range is only for numeric dimensions; give a list");
                return null;
            }
            if (range.count() != null) {
                error(path + ".count", "a random or TPE search samples the range; count is for the grid strategy");
            }
            if (!scale(path, range)) {
                return null;
            }
            if (range.min() == null || range.max() == null) {
                number(path + ".min", range.min());
                number(path + ".max", range.max());
                return null;
            }
            Object low = check(path + ".min", p, range.min());
            Object high = check(path + ".max", p, range.max());
            if (low == null || high == null) {
                return null;
            }
            double lo = ((Number) low).doubleValue();
            double hi = ((Number) high).doubleValue();
            if (hi < lo) {
                error(path + ".max", "below min");
                return null;
            }
            if (range.log() && lo <= 0) {
                error(path + ".min", "a log range needs min > 0");
                return null;
            }
            return new SearchSpace.SampledRange(lo, hi, range.log());
        }

        private boolean scale(String path, DimensionSpec.Range range) {
            if (range.scale() != null && !"linear".equals(range.scale()) && !"log".equals(range.scale())) {
                error(path + ".scale", "must be \"linear\" or \"log\"");
                return false;
            }
            return true;
        }

        private Double number(String path, Object raw) {
            try {
                return Parameter.finite(raw);
            } catch (IllegalArgumentException e) {
                error(path, e.getMessage());
                return null;
            }
        }

        private void error(String field, String reason) {
            errors.add(new FieldError(field, reason));
        }
    }
}
