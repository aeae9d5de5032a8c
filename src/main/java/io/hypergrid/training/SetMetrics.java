package io.hypergrid.training;

/** Loss (mean data loss), cost (loss + lambda ||W||^2) and accuracy of a model on one set of examples. */
public record SetMetrics(double loss, double cost, double accuracy) {
}
