package io.hypergrid.search.importance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.strategy.SearchSpace;
import io.hypergrid.search.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The importance of a search's varied parameters for validation accuracy, from its succeeded trials (repeats of a
 * configuration averaged; pruned trials left out, as Optuna leaves out unfinished ones). A grid whose every point
 * finished is decomposed exactly; any other search through functional ANOVA over a random forest ({@link Fanova}),
 * log ranges in their log scale, lists as their index.
 *
 * <p>A forest's fit grows with the configurations (about a quarter of a millisecond each): above
 * {@link #MAX_FITTED} it is fitted to a seeded random sample of that many. And it is computed once for all who ask:
 * the answer is kept per search and given again while the search has the same succeeded trials, or, while the search
 * runs, for {@link #SHARED_WHILE_RUNNING} after it was computed (ten dashboards on a running search would otherwise
 * each fit a forest every few seconds).
 */
@Service
public class ParameterImportance {
    /** The most configurations a forest is fitted to. */
    public static final int MAX_FITTED = 2000;
    /** How long a running search's importance is given again before it is computed anew. */
    static final Duration SHARED_WHILE_RUNNING = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = 0;

    private final JdbcTemplate jdbc;
    private final Ticker ticker;
    private final Cache<Long, Computed> computed;

    private record Computed(long succeeded, long atNanos, Importance importance) {
    }

    @Autowired
    ParameterImportance(JdbcTemplate jdbc) {
        this(jdbc, Ticker.systemTicker());
    }

    /** With the clock a test moves. */
    ParameterImportance(JdbcTemplate jdbc, Ticker ticker) {
        this.jdbc = jdbc;
        this.ticker = ticker;
        this.computed = Caffeine.newBuilder().maximumSize(64).expireAfterWrite(Duration.ofHours(1)).ticker(ticker)
                .build();
    }

    /** The search's importances; the search must exist. */
    public Importance of(long searchId) {
        Map<String, Object> now = jdbc.queryForMap("select sum(case when state = 'SUCCEEDED' then 1 else 0 end) as"
                + " succeeded, sum(case when state in ('PENDING', 'RUNNING') then 1 else 0 end) as active from trial"
                + " where search_id = ?", searchId);
        long succeeded = now.get("succeeded") == null ? 0 : ((Number) now.get("succeeded")).longValue();
        boolean running = now.get("active") != null && ((Number) now.get("active")).longValue() > 0;
        // computed at most once at a time per search: those asking meanwhile wait for its answer
        return computed.asMap().compute(searchId, (id, old) -> old != null && (old.succeeded == succeeded
                || running && ticker.read() - old.atNanos < SHARED_WHILE_RUNNING.toNanos())
                ? old : new Computed(succeeded, ticker.read(), read(id))).importance;
    }

    private Importance read(long searchId) {
        Map<String, Object> search = jdbc.queryForMap("select strategy_spec, space from search where id = ?", searchId);
        Strategy strategy = JSON.readValue((String) search.get("strategy_spec"), Strategy.class);
        SearchSpace space = JSON.readValue((String) search.get("space"), SearchSpace.class);
        Map<Integer, double[]> sums = new LinkedHashMap<>(); // config -> sum, count
        Map<Integer, TrialParameters> points = new LinkedHashMap<>();
        jdbc.query("select config_index, validation_accuracy, " + Parameters.columns() + " from trial"
                + " where search_id = ? and state = 'SUCCEEDED' and validation_accuracy is not null order by grid_index",
                rs -> {
                    int config = rs.getInt("config_index");
                    sums.computeIfAbsent(config, c -> new double[2]);
                    sums.get(config)[0] += rs.getDouble("validation_accuracy");
                    sums.get(config)[1]++;
                    points.putIfAbsent(config, TrialParameters.read(rs));
                }, searchId);
        return compute(strategy, space, new ArrayList<>(points.values()),
                sums.values().stream().mapToDouble(s -> s[0] / s[1]).toArray());
    }

    /** The importances of these configurations' values in this space. */
    static Importance compute(Strategy strategy, SearchSpace space, List<TrialParameters> configs, double[] y) {
        List<Parameter<?>> varied = new ArrayList<>();
        for (Parameter<?> p : Parameters.DIMENSIONS) {
            SearchSpace.SampledRange r = space.range(p);
            if (r != null ? r.high() > r.low() : space.values(p).size() > 1) {
                varied.add(p);
            }
        }
        int n = configs.size();
        int d = varied.size();
        if (n < 2 || d == 0) {
            return new Importance("none", n, n,
                    varied.stream().map(p -> new Importance.Share(p.name(), 0, 0)).toList());
        }
        long gridPoints = 1;
        for (Parameter<?> p : varied) {
            gridPoints = space.range(p) != null ? Long.MAX_VALUE : gridPoints * space.values(p).size();
        }
        double[] fractions;
        String method;
        int fitted = n;
        if (Strategy.GRID.equals(strategy.type()) && gridPoints == n) {
            int[][] level = new int[n][d];
            int[] levels = new int[d];
            for (int j = 0; j < d; j++) {
                List<Object> values = space.values(varied.get(j));
                levels[j] = values.size();
                for (int r = 0; r < n; r++) {
                    level[r][j] = values.indexOf(configs.get(r).get(varied.get(j)));
                }
            }
            fractions = Fanova.gridFractions(level, y, levels);
            method = "grid";
        } else {
            double[][] x = new double[n][d];
            double[] low = new double[d];
            double[] high = new double[d];
            for (int j = 0; j < d; j++) {
                Parameter<?> p = varied.get(j);
                SearchSpace.SampledRange r = space.range(p);
                if (r != null) {
                    boolean whole = p.kind() == Parameter.Kind.INTEGER;
                    double lo = whole ? r.low() - 0.5 : r.low();
                    double hi = whole ? r.high() + 0.5 : r.high();
                    low[j] = r.log() ? Math.log(Math.max(lo, Double.MIN_NORMAL)) : lo;
                    high[j] = r.log() ? Math.log(hi) : hi;
                } else {
                    low[j] = -0.5;
                    high[j] = space.values(p).size() - 0.5;
                }
                for (int i = 0; i < n; i++) {
                    Object v = configs.get(i).get(p);
                    double t = r == null ? space.values(p).indexOf(v)
                            : r.log() ? Math.log(((Number) v).doubleValue()) : ((Number) v).doubleValue();
                    x[i][j] = Math.max(low[j], Math.min(high[j], t));
                }
            }
            if (n > MAX_FITTED) {
                List<Integer> order = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(SEED));
                double[][] xs = new double[MAX_FITTED][];
                double[] ys = new double[MAX_FITTED];
                for (int i = 0; i < MAX_FITTED; i++) {
                    xs[i] = x[order.get(i)];
                    ys[i] = y[order.get(i)];
                }
                x = xs;
                y = ys;
                fitted = MAX_FITTED;
            }
            fractions = Fanova.forestFractions(x, y, low, high, SEED);
            method = "fanova";
        }
        double total = 0;
        for (double f : fractions) {
            total += f;
        }
        List<Importance.Share> shares = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            shares.add(new Importance.Share(varied.get(j).name(), total > 0 ? fractions[j] / total : 0, fractions[j]));
        }
        shares.sort(Comparator.comparingDouble(Importance.Share::importance).reversed());
        return new Importance(method, n, fitted, shares);
    }
}
