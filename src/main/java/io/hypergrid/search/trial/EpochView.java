package io.hypergrid.search.trial;

/** One point of a trial's curves; epoch 0 is before training (eta null). */
public record EpochView(int epoch, Double eta, double trainLoss, double trainCost, double trainAccuracy,
                        double validationLoss, double validationCost, double validationAccuracy, double seconds) {
}
