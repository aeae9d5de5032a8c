package io.hypergrid.search.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.strategy.GridStrategy;
import io.hypergrid.search.strategy.RandomStrategy;
import io.hypergrid.search.strategy.SearchSpace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Importance on synthetic objectives whose answer is known. */
class FanovaTest {

    /** f = 10 x0 + x1 (x2 unused) on the unit cube: x0 explains 100/101 of the variance, x1 1/101, x2 none. */
    @Test
    void theForestFindsTheVarianceOfAnAdditiveObjective() {
        Random random = new Random(1);
        double[][] x = new double[300][3];
        double[] y = new double[300];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextDouble();
            }
            y[i] = 10 * x[i][0] + x[i][1];
        }
        double[] f = Fanova.forestFractions(x, y, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 0);
        assertThat(f[0]).isCloseTo(100.0 / 101, within(0.03));
        assertThat(f[1]).isCloseTo(1.0 / 101, within(0.01));
        assertThat(f[2]).isLessThan(0.003);
        // the same data and seed: the same answer
        assertThat(Fanova.forestFractions(x, y, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 0)).isEqualTo(f);
    }

    /** f = a + 2b on {0,1}^2: variances 1/4 and 1, so 0.2 and 0.8 exactly; f = ab: 1/3 each, the rest interaction. */
    @Test
    void aFullGridIsDecomposedExactly() {
        int[][] level = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[] additive = {0, 2, 1, 3};
        assertThat(Fanova.gridFractions(level, additive, new int[] {2, 2})).containsExactly(0.2, 0.8);
        double[] product = {0, 0, 0, 1};
        double[] f = Fanova.gridFractions(level, product, new int[] {2, 2});
        assertThat(f[0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(f[1]).isCloseTo(1.0 / 3, within(1e-12));
    }

    /** Through the search's space: log eta matters, lambda a little, the batch size not at all. */
    @Test
    void aRandomSearchsParametersAreRankedByTheirEffect() {
        SearchSpace space = space(Map.of("batchSize", List.of(10, 100), "epochs", List.of(2)),
                Map.of("eta", new SearchSpace.SampledRange(1e-4, 0.1, true),
                        "lambda", new SearchSpace.SampledRange(0, 1, false)));
        List<TrialParameters> points = new RandomStrategy(200, 3L, null).initialPoints(space);
        double[] y = points.stream().mapToDouble(p -> Math.log10(p.eta()) + 0.3 * p.lambda()).toArray();
        Importance importance = ParameterImportance.compute(new RandomStrategy(200, 3L, null), space, points, y);
        assertThat(importance.method()).isEqualTo("fanova");
        assertThat(importance.parameters()).extracting(Importance.Share::name)
                .containsExactly("eta", "lambda", "batchSize");
        // log10 eta is uniform on [-4, -1]: variance 0.75; 0.3 lambda: 0.0075
        assertThat(importance.parameters().get(0).importance()).isCloseTo(0.75 / 0.7575, within(0.02));
        assertThat(importance.parameters().get(2).importance()).isLessThan(0.005);
        assertThat(importance.parameters().stream().mapToDouble(Importance.Share::importance).sum())
                .isCloseTo(1, within(1e-9));
    }

    /** Above MAX_FITTED configurations the forest sees a seeded sample of that many: the same answer, bounded cost. */
    @Test
    void manyConfigurationsAreSampledForTheForest() {
        SearchSpace space = space(Map.of("batchSize", List.of(10, 100), "epochs", List.of(2)),
                Map.of("eta", new SearchSpace.SampledRange(1e-4, 0.1, true),
                        "lambda", new SearchSpace.SampledRange(0, 1, false)));
        int n = ParameterImportance.MAX_FITTED * 3;
        RandomStrategy strategy = new RandomStrategy(n, 5L, null);
        List<TrialParameters> points = strategy.initialPoints(space);
        double[] y = points.stream().mapToDouble(p -> Math.log10(p.eta()) + 0.3 * p.lambda()).toArray();
        Importance importance = ParameterImportance.compute(strategy, space, points, y);
        assertThat(importance.configurations()).isEqualTo(n);
        assertThat(importance.fittedOn()).isEqualTo(ParameterImportance.MAX_FITTED);
        assertThat(importance.parameters()).extracting(Importance.Share::name)
                .containsExactly("eta", "lambda", "batchSize");
        assertThat(importance.parameters().get(0).importance()).isCloseTo(0.75 / 0.7575, within(0.02));
        assertThat(ParameterImportance.compute(strategy, space, points, y)).as("seeded").isEqualTo(importance);
        Importance few = ParameterImportance.compute(strategy, space, points.subList(0, 300),
                java.util.Arrays.copyOf(y, 300));
        assertThat(few.fittedOn()).as("all of them below the bound").isEqualTo(300);
    }

    @Test
    void aFullGridThroughTheSearchsSpace() {
        SearchSpace space = space(Map.of("lambda", List.of(0.0, 0.1), "eta", List.of(0.001, 0.01, 0.1),
                "epochs", List.of(2)), Map.of());
        List<TrialParameters> points = new GridStrategy(null).initialPoints(space);
        double[] y = points.stream().mapToDouble(p -> (p.lambda() > 0 ? 1 : 0) + (p.eta() == 0.01 ? 3 : 0)).toArray();
        Importance importance = ParameterImportance.compute(new GridStrategy(null), space, points, y);
        assertThat(importance.method()).isEqualTo("grid");
        // lambda: two levels 0 and 1, variance 1/4; eta: levels 0, 3, 0, variance 2
        assertThat(importance.parameters().get(0).name()).isEqualTo("eta");
        assertThat(importance.parameters().get(0).importance()).isCloseTo(2 / 2.25, within(1e-12));
        assertThat(importance.parameters().get(1).varianceFraction()).isCloseTo(0.25 / 2.25, within(1e-12));
        // one point missing: not a full grid any more, the forest answers
        assertThat(ParameterImportance.compute(new GridStrategy(null), space, points.subList(0, 5),
                java.util.Arrays.copyOf(y, 5)).method()).isEqualTo("fanova");
    }

    static SearchSpace space(Map<String, List<Object>> values, Map<String, SearchSpace.SampledRange> ranges) {
        Map<String, List<Object>> all = new HashMap<>(values);
        for (var p : Parameters.DIMENSIONS) {
            if (!all.containsKey(p.name()) && !ranges.containsKey(p.name())) {
                all.put(p.name(), List.of(p.defaultValue()));
            }
        }
        return new SearchSpace("synthetic", all, ranges);
    }

}
