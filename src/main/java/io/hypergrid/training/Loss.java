package io.hypergrid.training;

/** The training loss (design §1). */
public enum Loss {
    /** Softmax and cross-entropy; gradient with respect to the scores G = P - Y. */
    SOFTMAX("softmax"),
    /** K independent sigmoids and the mean of K binary cross-entropies; G = (P - Y) / K. */
    BCE("bce");

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
}
