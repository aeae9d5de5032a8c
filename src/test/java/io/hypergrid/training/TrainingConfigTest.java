package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypergrid.dataset.Dtype;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
    @Test
    void stepDecayDividesEtaAfterEveryNEpochs() {
        TrainingConfig c = new TrainingConfig(0, 0.1, 10, 40, Loss.SOFTMAX, 10, 5, false, 0, Dtype.FLOAT32);
        assertThat(c.etaAt(1)).isEqualTo(0.1);
        assertThat(c.etaAt(10)).isEqualTo(0.1);
        assertThat(c.etaAt(11)).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(c.etaAt(21)).isCloseTo(0.004, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void invalidValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new TrainingConfig(-1, 0.1, 10, 1, Loss.SOFTMAX, 0, 1, false, 0, Dtype.FLOAT32))
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> new TrainingConfig(0, Double.NaN, 10, 1, Loss.SOFTMAX, 0, 1, false, 0, Dtype.FLOAT32))
                .hasMessageContaining("eta");
        assertThatThrownBy(() -> new TrainingConfig(0, 0.1, 0, 1, Loss.SOFTMAX, 0, 1, false, 0, Dtype.FLOAT32))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new TrainingConfig(0, 0.1, 1, 1, Loss.SOFTMAX, 0, 0.5, false, 0, Dtype.FLOAT32))
                .hasMessageContaining("decayFactor");
    }
}
