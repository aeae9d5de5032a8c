package io.hypergrid.search.trial;

import jakarta.persistence.Embeddable;

/** Accuracy, mean loss and cost (loss + L2 penalty) of a trial on one set: training, validation or test. */
@Embeddable
public record Metrics(Double accuracy, Double loss, Double cost) {
}
