package io.hypergrid.search.importance;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.strategy.SearchSpace;
import io.hypergrid.search.strategy.Strategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The importance of a search's varied parameters for validation accuracy, from its succeeded trials (repeats of a
 * configuration averaged; pruned trials left out, as Optuna leaves out unfinished ones). A grid whose every point
 * finished is decomposed exactly; any other search through functional ANOVA over a random forest ({@link Fanova}),
 * log ranges in their log scale, lists as their index. Computed on request, from the trials as they are.
 */
@Service
public class ParameterImportance {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = 0;

    private final JdbcTemplate jdbc;

    ParameterImportance(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The search's importances; the search must exist. */
    @Transactional(readOnly = true)
    public Importance of(long searchId) {
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
            return new Importance("none", n, varied.stream().map(p -> new Importance.Share(p.name(), 0, 0)).toList());
        }
        long gridPoints = 1;
        for (Parameter<?> p : varied) {
            gridPoints = space.range(p) != null ? Long.MAX_VALUE : gridPoints * space.values(p).size();
        }
        double[] fractions;
        String method;
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
        return new Importance(method, n, shares);
    }
}
