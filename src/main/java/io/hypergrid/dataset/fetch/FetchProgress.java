package io.hypergrid.dataset.fetch;

/**
 * What a fetch reports while it runs. All methods have empty defaults, so a listener overrides only what it shows.
 * Calls come from the thread that called {@link Cifar10Fetcher#ensurePresent}.
 */
public interface FetchProgress {
    /** A listener that shows nothing. */
    FetchProgress NONE = new FetchProgress() {
    };

    /** The start of a step that may take a while (a download, a conversion, running npm). */
    default void stage(String message) {
    }

    /** The outcome of one source, failure or success, in one self-contained line. */
    default void outcome(String line) {
    }

    /**
     * Progress of the current task; called often (per buffer), so a listener throttles what it prints.
     *
     * @param total the amount of work, or -1 when unknown (a download without Content-Length)
     */
    default void progress(String task, long done, long total) {
    }
}
