package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trainer's analytic gradient against central differences of its own cost, in float64. The analytic gradient
 * is read off one full-batch step with eta = 1 (W1 = W0 - dW); the cost at each perturbed point is the epoch-0
 * training cost, all perturbations trained as one stack.
 */
class GradientCheckTest {
    private static final int N = 20;
    private static final int D = 12;
    private static final int K = 5;
    private static final double H = 1e-6;

    @ParameterizedTest(name = "{0}, lambda {1}")
    @CsvSource({"SOFTMAX, 0", "SOFTMAX, 0.1", "BCE, 0", "BCE, 0.1"})
    void analyticGradientsMatchCentralDifferences(Loss loss, double lambda) {
        PreparedData data = new TinyData(3, N, D, K).prepared(Dtype.FLOAT64);
        InitialWeights w0 = TinyData.randomWeights(4, K, D, 0.1);

        TrainingConfig step = new TrainingConfig(lambda, 1, N, 1, loss, 0, 1, false, 0, Dtype.FLOAT64);
        double[] w1 = Trainer.train(data, new TrainingTask(step, w0, null, null)).result().weights();
        double[] analytic = new double[w1.length];
        for (int i = 0; i < w1.length; i++) {
            analytic[i] = w0.values()[i] - w1[i];
        }

        TrainingConfig costOnly = new TrainingConfig(lambda, 1, N, 0, loss, 0, 1, false, 0, Dtype.FLOAT64);
        List<TrainingTask> perturbed = new ArrayList<>();
        for (int i = 0; i < w1.length; i++) {
            for (double sign : new double[] {1, -1}) {
                double[] v = w0.values().clone();
                v[i] += sign * H;
                perturbed.add(new TrainingTask(costOnly, new InitialWeights(K, D, v), null, null));
            }
        }
        List<TrainingOutcome> costs = Trainer.trainStacked(data, perturbed);

        double worst = 0;
        for (int i = 0; i < w1.length; i++) {
            double plus = costs.get(2 * i).result().train().cost();
            double minus = costs.get(2 * i + 1).result().train().cost();
            double numeric = (plus - minus) / (2 * H);
            double relative = Math.abs(analytic[i] - numeric) / Math.max(1e-6, Math.abs(analytic[i]) + Math.abs(numeric));
            worst = Math.max(worst, relative);
        }
        assertThat(worst).isLessThan(1e-6);
    }
}
