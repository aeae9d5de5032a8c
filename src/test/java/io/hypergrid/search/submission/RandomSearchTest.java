package io.hypergrid.search.submission;

import io.hypergrid.Requests;
import io.hypergrid.search.parameter.TrialParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Random search: the same seed draws the same points, every point lies inside its ranges, repeats get their seeds. */
class RandomSearchTest {
    private static final SearchPlanner PLANNER = new SearchPlanner(new SearchLimits(10_000, 1000, Integer.MAX_VALUE),
            Validators.VALIDATOR);

    private static SearchPlan plan(int trials, long seed, Integer repeats) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "r", "dataset", "synthetic",
                "grid", Map.of("eta", Map.of("min", 1e-4, "max", 0.1, "scale", "log"),
                        "lambda", Map.of("min", 0, "max", 1),
                        "batchSize", Map.of("min", 10, "max", 1000, "scale", "log"),
                        "decayEvery", Map.of("min", 0, "max", 5),
                        "loss", List.of("softmax", "bce")),
                "fixed", Map.of("epochs", 7),
                "strategy", Map.of("type", "random", "trials", trials, "seed", seed)));
        if (repeats != null) {
            body.put("repeats", repeats);
        }
        return PLANNER.plan(Requests.from(body));
    }

    @Test
    void theSameSeedDrawsTheSamePointsAndAnotherSeedOthers() {
        List<SearchPlan.Point> a = plan(50, 42, null).points();
        List<SearchPlan.Point> b = plan(50, 42, null).points();
        List<SearchPlan.Point> c = plan(50, 43, null).points();

        assertThat(a).hasSize(50).isEqualTo(b);
        assertThat(c).hasSize(50).isNotEqualTo(a);
        // a prefix is stable: asking for more trials keeps the first ones
        assertThat(plan(80, 42, null).points().subList(0, 50)).isEqualTo(a);
    }

    @Test
    void everyPointIsInsideItsRangesAndLogRangesAreLogUniform() {
        List<TrialParameters> points = plan(2000, 7, null).points().stream().map(SearchPlan.Point::parameters).toList();

        assertThat(points).allSatisfy(p -> {
            assertThat(p.eta()).isBetween(1e-4, 0.1);
            assertThat(p.lambda()).isBetween(0.0, 1.0);
            assertThat(p.batchSize()).isBetween(10, 1000);
            assertThat(p.decayEvery()).isBetween(0, 5);
            assertThat(p.loss()).isIn("softmax", "bce");
            assertThat(p.epochs()).isEqualTo(7);
            assertThat(p.seed()).isZero();
        });
        assertThat(points).doesNotHaveDuplicates();
        // log-uniform: as many below the geometric middle of [1e-4, 0.1] as above it; linear would put 3 % below
        double geometricMiddle = Math.sqrt(1e-4 * 0.1);
        long below = points.stream().filter(p -> p.eta() < geometricMiddle).count();
        assertThat(below).isBetween(900L, 1100L);
        long lambdaBelowHalf = points.stream().filter(p -> p.lambda() < 0.5).count();
        assertThat(lambdaBelowHalf).isBetween(900L, 1100L);
        // every whole value of a small integer range occurs, the ends included
        assertThat(points.stream().map(TrialParameters::decayEvery).distinct()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(points.stream().map(TrialParameters::loss).distinct()).containsExactlyInAnyOrder("softmax", "bce");
    }

    @Test
    void repeatsTrainEveryConfigurationWithSeedsSeedToSeedPlusRMinusOne() {
        SearchPlan plan = plan(5, 1, 3);

        assertThat(plan.points()).hasSize(15);
        assertThat(plan.repeats()).isEqualTo(3);
        for (int c = 0; c < 5; c++) {
            List<SearchPlan.Point> config = plan.points().subList(3 * c, 3 * c + 3);
            int index = c;
            assertThat(config).allSatisfy(p -> assertThat(p.configIndex()).isEqualTo(index));
            assertThat(config.stream().map(SearchPlan.Point::repeat)).containsExactly(0, 1, 2);
            assertThat(config.stream().map(p -> p.parameters().seed())).containsExactly(0L, 1L, 2L);
            assertThat(config.stream().map(p -> p.parameters().eta()).distinct()).hasSize(1);
        }
    }

    @Test
    void aSpaceSmallerThanTheTrialsAskedForIsRefused() {
        assertThatThrownBy(() -> PLANNER.plan(Requests.from(Map.of("name", "r", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 1)), "strategy", Map.of("type", "random", "trials", 3)))))
                .isInstanceOf(InvalidSearchException.class)
                .satisfies(e -> assertThat(((InvalidSearchException) e).errors())
                        .extracting(FieldError::field).containsExactly("strategy.trials"));
    }
}
