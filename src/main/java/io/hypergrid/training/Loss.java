package io.hypergrid.training;

/**
 * The training loss (design §1), with the math that differs between the losses: the probabilities, the per-sample
 * loss and the gradient's scale. Each constant implements them for the trainer's per-row Java loops.
 */
public enum Loss {
    /** Softmax and cross-entropy; gradient with respect to the scores G = P - Y. */
    SOFTMAX("softmax") {
        @Override
        double gradientScale(double eta, int classes) {
            return eta;
        }

        @Override
        void probabilities(NativeMatrix scores, int at, double[] bias, int col, double[] p) {
            int classes = p.length;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = scores.get(at + k) + bias[col + k];
                p[k] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double e = Math.exp(p[k] - max); // shifted by the maximum: no overflow
                p[k] = e;
                sum += e;
            }
            for (int k = 0; k < classes; k++) {
                p[k] /= sum;
            }
        }

        @Override
        double sampleLoss(double[] s, int y) {
            // -log softmax(s)_y = logsumexp(s) - s_y, the sum shifted by the maximum
            double max = Double.NEGATIVE_INFINITY;
            for (double v : s) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : s) {
                sum += Math.exp(v - max);
            }
            return max + Math.log(sum) - s[y];
        }
    },
    /** K independent sigmoids and the mean of K binary cross-entropies; G = (P - Y) / K. */
    BCE("bce") {
        @Override
        double gradientScale(double eta, int classes) {
            return eta / classes;
        }

        @Override
        void probabilities(NativeMatrix scores, int at, double[] bias, int col, double[] p) {
            for (int k = 0; k < p.length; k++) {
                p[k] = 1 / (1 + Math.exp(-(scores.get(at + k) + bias[col + k])));
            }
        }

        @Override
        double sampleLoss(double[] s, int y) {
            // -log(1 - sigmoid(v)) = softplus(v) and -log sigmoid(v) = softplus(v) - v, in the form that cannot
            // overflow: softplus(v) = max(v, 0) + log1p(exp(-|v|))
            double total = 0;
            for (int k = 0; k < s.length; k++) {
                double v = s[k];
                double softplus = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
                total += softplus - (k == y ? v : 0);
            }
            return total / s.length;
        }
    };

    private final String id;

    Loss(String id) {
        this.id = id;
    }

    /** The name used in the API, the database and the command line. */
    public String id() {
        return id;
    }

    public static Loss of(String id) {
        for (Loss l : values()) {
            if (l.id.equals(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + id + "' (softmax or bce)");
    }

    /**
     * The factor on P - Y in a step of learning rate {@code eta}: the gradient's own factor (1/K for bce) times
     * eta, so the trainer scales G once instead of the product.
     */
    abstract double gradientScale(double eta, int classes);

    /**
     * Fills {@code p} (K long) with the probabilities of one example from its K scores at {@code scores[at..]} plus
     * the bias at {@code bias[col..]}.
     */
    abstract void probabilities(NativeMatrix scores, int at, double[] bias, int col, double[] p);

    /** The loss of one example with scores {@code s} (bias included) and true class {@code y}. */
    abstract double sampleLoss(double[] s, int y);

    /**
     * Writes the K scores of one example ({@code scores[at..]} plus the bias at {@code bias[col..]}) into {@code s}
     * and returns the prediction, argmax p: the same for both losses, the argmax of the scores (softmax and the
     * sigmoid keep their order), the first maximum as numpy's argmax.
     */
    int predict(NativeMatrix scores, int at, double[] bias, int col, double[] s) {
        int predicted = 0;
        for (int k = 0; k < s.length; k++) {
            s[k] = scores.get(at + k) + bias[col + k];
            if (s[k] > s[predicted]) {
                predicted = k;
            }
        }
        return predicted;
    }
}
