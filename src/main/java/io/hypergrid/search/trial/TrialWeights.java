package io.hypergrid.search.trial;

/**
 * A trial's final weights as stored: {@code w} is K x d, row-major ({@code w[k * d + j]}), {@code b} has K values.
 */
public record TrialWeights(Long trialId, int classes, int features, float[] w, float[] b) {
    public TrialWeights {
        if (w.length != classes * features || b.length != classes) {
            throw new IllegalArgumentException("weights of " + w.length + " and " + b.length + " values are not "
                    + classes + " x " + features + " and " + classes);
        }
    }
}
