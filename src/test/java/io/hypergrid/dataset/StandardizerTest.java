package io.hypergrid.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    private final SplitImages raw = new SplitImages(
            OfficialLayoutFiles.randomImages(new Random(1), 200),
            OfficialLayoutFiles.randomImages(new Random(2), 50),
            OfficialLayoutFiles.randomImages(new Random(3), 50));

    @Test
    void trainingFeaturesHaveZeroMeanAndUnitPopulationStd() {
        PreparedData data = Standardizer.prepare("t", "batch1", raw, Dtype.FLOAT64, 10);
        double[][] x = data.train().features().toDoubleMatrix();
        for (int j : new int[] {0, 1023, 2047, 3071}) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= x.length;
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            assertThat(mean).isCloseTo(0, within(1e-12));
            assertThat(var / x.length).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void validationAndTestUseTheTrainingStatistics() {
        PreparedData data = Standardizer.prepare("t", "batch1", raw, Dtype.FLOAT64, 10);
        int j = 100;
        double mean = 0;
        for (int i = 0; i < 200; i++) {
            mean += (raw.train().pixels()[i * 3072 + j] & 0xff) / 255.0;
        }
        mean /= 200;
        double var = 0;
        for (int i = 0; i < 200; i++) {
            double v = (raw.train().pixels()[i * 3072 + j] & 0xff) / 255.0 - mean;
            var += v * v;
        }
        double std = Math.sqrt(var / 200);
        double expected = ((raw.test().pixels()[7 * 3072 + j] & 0xff) / 255.0 - mean) / std;
        assertThat(data.test().features().getDouble(7, j)).isCloseTo(expected, within(1e-12));
        assertThat(data.test().labels()[7]).isEqualTo(raw.test().labels()[7]);
    }

    @Test
    void float32HoldsTheFloat64ValuesRounded() {
        PreparedData f64 = Standardizer.prepare("t", "batch1", raw, Dtype.FLOAT64, 10);
        PreparedData f32 = Standardizer.prepare("t", "batch1", raw, Dtype.FLOAT32, 10);
        assertThat(f32.validation().features().dataType()).isEqualTo(Dtype.FLOAT32.dataType());
        for (int i : new int[] {0, 17, 49}) {
            for (int j : new int[] {0, 5, 3071}) {
                assertThat(f32.validation().features().getFloat(i, j))
                        .isEqualTo((float) f64.validation().features().getDouble(i, j));
            }
        }
    }

    @Test
    void constantFeatureIsCentredNotDividedByZero() {
        LabelledImages train = OfficialLayoutFiles.randomImages(new Random(4), 20);
        for (int i = 0; i < 20; i++) {
            train.pixels()[i * 3072] = 42;
        }
        PreparedData data = Standardizer.prepare("t", "batch1", new SplitImages(train, train, train), Dtype.FLOAT64, 10);
        assertThat(data.train().features().getDouble(3, 0)).isEqualTo(0.0);
    }
}
