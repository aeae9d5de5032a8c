package io.hypergrid.search.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Grid ranges keep 6 significant digits between their exact ends (issue #16: labels such as 1.07226722201e-4). */
class RangeRoundingTest {

    @Test
    void aLogRangeOfAHundredPointsKeepsSixSignificantDigitsAndItsEnds() {
        double[] etas = SearchPlanner.rangePoints(1e-4, 0.1, 100, true);

        assertThat(etas).hasSize(100);
        assertThat(etas[0]).isEqualTo(1e-4);
        assertThat(etas[99]).isEqualTo(0.1);
        assertThat(etas[1]).isEqualTo(1.07227e-4); // exp(log(...)) gives 1.07226722201...e-4
        for (double v : etas) {
            assertThat(new BigDecimal(Double.toString(v)).precision()).as("%s", v).isLessThanOrEqualTo(6);
        }
    }

    @Test
    void aRangeTooNarrowForSixDigitsKeepsMoreRatherThanMergePoints() {
        double[] values = SearchPlanner.rangePoints(1.0, 1.00001, 5, false);

        assertThat(values).doesNotHaveDuplicates().containsExactly(1.0, 1.000002, 1.000005, 1.000008, 1.00001); // 7 digits: at 6 the middle three would merge;
    }
}
