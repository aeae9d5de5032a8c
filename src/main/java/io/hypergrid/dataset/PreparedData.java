package io.hypergrid.dataset;

/**
 * A split ready to train on: training, validation and test examples normalised with the training set's statistics,
 * in one dtype. Made once per (data set, split, dtype) and shared read-only.
 */
public record PreparedData(String dataset, String split, Dtype dtype, Examples train, Examples validation,
                           Examples test, int classes) {
    public int dimensions() {
        return train.dimensions();
    }
}
