package io.hypergrid.dataset;

/** The raw images of one split: training, validation and test parts. */
public record SplitImages(LabelledImages train, LabelledImages validation, LabelledImages test) {
}
