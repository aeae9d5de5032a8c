package io.hypergrid.search.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rule alone: rungs, promotions, and the verdict on scores with and without a trend. */
class SuccessiveHalvingTest {

    @Test
    void rungsAreMinEpochsTimesTheFactorBeforeTheLastEpoch() {
        SuccessiveHalving h = (SuccessiveHalving) new SuccessiveHalving(4, 3).withDefaults();
        assertThat(IntStream.rangeClosed(1, 40).filter(e -> h.decidesAt(e, 40)).boxed().toList())
                .containsExactly(4, 12, 36);
        assertThat(h.promotions(20)).isEqualTo(6);
        assertThat(h.trend()).as("no trend unless asked for").isNull();
    }

    @Test
    void aTrendKeepsTheClimberThatBestSoFarWouldPrune() {
        // at a rung of 4 (accuracy at epochs 2 and 4): 1 a fast starter levelled off at 0.42, 2 a slow starter at
        // 0.40 up from 0.30, 3 a slow one at 0.35; ceil(3 / 3) = 1 goes on
        SuccessiveHalving trend = new SuccessiveHalving(4, 3, 2.0);
        assertThat(trend.score(0.40, 0.30)).isCloseTo(0.60, within(1e-12));
        Map<Long, Double> byBest = Map.of(1L, 0.42, 2L, 0.40, 3L, 0.35);
        Map<Long, Double> byTrend = Map.of(1L, trend.score(0.42, 0.42), 2L, trend.score(0.40, 0.30),
                3L, trend.score(0.35, 0.34));

        SuccessiveHalving bestSoFar = new SuccessiveHalving(4, 3);
        assertThat(bestSoFar.judge(1L, 0.42, byBest, 4)).isNull();
        assertThat(bestSoFar.judge(2L, 0.40, byBest, 4))
                .startsWith("pruned at epoch 4 by successive halving: best validation accuracy 0.4000 ranks 2 of the 3");
        assertThat(trend.judge(2L, byTrend.get(2L), byTrend, 4)).isNull();
        assertThat(trend.judge(1L, byTrend.get(1L), byTrend, 4))
                .startsWith("pruned at epoch 4 by successive halving: validation accuracy with its trend 0.4200 ranks 2");
    }
}
