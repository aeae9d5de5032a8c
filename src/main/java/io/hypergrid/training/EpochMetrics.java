package io.hypergrid.training;

/**
 * The curves' point after {@code epoch} passes (epoch 0: before training).
 *
 * @param eta the learning rate used during this epoch; null for epoch 0
 * @param seconds wall time of this epoch's descent and evaluation
 */
public record EpochMetrics(int epoch, Double eta, SetMetrics train, SetMetrics validation, double seconds) {
}
