package io.hypergrid.search.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule alone: rungs, promotions, and the verdict on scores with and without a trend. */
class SuccessiveHalvingTest {

    @Test
    void rungsAreMinEpochsTimesTheFactorBeforeTheLastEpoch() {
        SuccessiveHalving h = new SuccessiveHalving(4, 3).withDefaults() instanceof SuccessiveHalving d ? d : null;
        assertThat(java.util.stream.IntStream.rangeClosed(1, 40).filter(e -> h.decidesAt(e, 40)).boxed().toList())
                .containsExactly(4, 12, 36);
        assertThat(h.promotions(20)).isEqualTo(6);
        assertThat(h.trend()).as("no trend unless asked for").isNull();
    }

    @Test
    void aTrendKeepsTheClimberThatBestSoFarWouldPrune() {
        // at a rung of 4: a fast starter levelled off at 0.42; a slow one at 0.40, up from 0.30 at epoch 2; a third
        Map<String, double[]> curves = Map.of("levelled", new double[] {0.42, 0.42}, "climbing",
                new double[] {0.30, 0.40}, "slow", new double[] {0.34, 0.35});
        SuccessiveHalving bestSoFar = new SuccessiveHalving(4, 3);
        SuccessiveHalving trend = new SuccessiveHalving(4, 3, 2.0);
        assertThat(trend.score(0.40, 0.30)).isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(trend.score(0.42, 0.42)).isEqualTo(0.42);

        Map<Long, Double> byBest = new LinkedHashMap<>();
        Map<Long, Double> byTrend = new LinkedHashMap<>();
        long id = 1;
        Map<String, Long> ids = new LinkedHashMap<>();
        for (String name : new String[] {"levelled", "climbing", "slow"}) {
            double[] c = curves.get(name);
            ids.put(name, id);
            byBest.put(id, Math.max(c[0], c[1]));
            byTrend.put(id, trend.score(c[1], c[0]));
            id++;
        }
        // ceil(3 / 3) = 1 goes on
        assertThat(bestSoFar.judge(ids.get("levelled"), byBest.get(ids.get("levelled")), byBest, 4)).isNull();
        assertThat(bestSoFar.judge(ids.get("climbing"), byBest.get(ids.get("climbing")), byBest, 4))
                .startsWith("pruned at epoch 4 by successive halving: best validation accuracy 0.4000 ranks 2 of the 3");
        assertThat(trend.judge(ids.get("climbing"), byTrend.get(ids.get("climbing")), byTrend, 4)).isNull();
        assertThat(trend.judge(ids.get("levelled"), byTrend.get(ids.get("levelled")), byTrend, 4))
                .startsWith("pruned at epoch 4 by successive halving: validation accuracy with its trend 0.4200 ranks 2");
    }
}
