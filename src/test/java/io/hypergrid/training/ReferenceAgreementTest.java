package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exact agreement with the NumPy reference (shared/reference/README.md) from its shared initial weights, on the
 * real CIFAR-10: split batch1, softmax, batch 100, 40 epochs, no shuffle, float64. Runs only where the real data
 * set is (HYPERGRID_CIFAR_DIR, else ../shared/cifar-10-batches-bin) and says so when skipped; CI requires it
 * (HYPERGRID_REQUIRE_REAL_DATA).
 */
class ReferenceAgreementTest {
    private static final Path SHARED = Path.of(System.getenv().getOrDefault("HYPERGRID_SHARED_DIR", "../shared"));
    private static final Path DATA = Path.of(System.getenv().getOrDefault("HYPERGRID_CIFAR_DIR",
            SHARED.resolve("cifar-10-batches-bin").toString()));
    private static final Path INIT = SHARED.resolve("reference/init_seed0.f64");

    private static PreparedData data;
    private static InitialWeights init;

    @BeforeAll
    static void load() throws IOException {
        boolean present = Files.isRegularFile(DATA.resolve("data_batch_1.bin")) && Files.isRegularFile(INIT);
        if (!present && Boolean.parseBoolean(System.getenv("HYPERGRID_REQUIRE_REAL_DATA"))) {
            throw new IllegalStateException("HYPERGRID_REQUIRE_REAL_DATA is set but there is no real CIFAR-10 at "
                    + DATA.toAbsolutePath() + " or no " + INIT.toAbsolutePath());
        }
        if (!present) {
            System.out.println("ReferenceAgreementTest skipped: no real CIFAR-10 at " + DATA.toAbsolutePath()
                    + " or no " + INIT.toAbsolutePath());
        }
        assumeThat(present).as("real CIFAR-10 and the reference's init_seed0.f64 present").isTrue();
        Nd4jRuntime.configure(1);
        data = DatasetLoader.cifar10(DATA, Split.BATCH1, Dtype.FLOAT64);
        init = InitialWeights.read(INIT, 10, 3072);
    }

    private static TrainingResult train(double lambda, double eta) {
        TrainingConfig config = new TrainingConfig(lambda, eta, 100, 40, Loss.SOFTMAX, 0, 1, false, 0, Dtype.FLOAT64);
        TrainingOutcome outcome = Trainer.train(data, new TrainingTask(config, init, null, null));
        assertThat(outcome.status()).isEqualTo(TrainingOutcome.Status.SUCCEEDED);
        return outcome.result();
    }

    @Test
    void lambda0() {
        assertThat(train(0, 0.001).test().accuracy()).isEqualTo(0.3855);
    }

    @Test
    void lambda01MatchesTestAccuracyAndFinalCost() {
        TrainingResult result = train(0.1, 0.001);
        assertThat(result.test().accuracy()).isEqualTo(0.3890);
        assertThat(Math.abs(result.train().cost() / 1.7605065895 - 1)).isLessThan(1e-9);
    }

    @Test
    void lambda1() {
        assertThat(train(1, 0.001).test().accuracy()).isEqualTo(0.3753);
    }
}
