package io.hypergrid.dataset.fetch;

import java.nio.file.Path;
import java.util.List;

/**
 * A data set that is not there and cannot be had: no source could provide every file (the message lists each
 * source's failure, one per line), or a submission needs it while it is known to be unavailable.
 */
public class DatasetUnavailableException extends RuntimeException {
    private final transient Path directory;
    private final List<String> failures;

    DatasetUnavailableException(Path directory, List<String> failures) {
        super("CIFAR-10 is not available in " + directory + "; every source failed:\n  - "
                + String.join("\n  - ", failures));
        this.directory = directory;
        this.failures = List.copyOf(failures);
    }

    /** Unavailable for the reason given (the failures of its fetch are in the message). */
    public DatasetUnavailableException(String message) {
        super(message);
        this.directory = null;
        this.failures = List.of();
    }

    public Path directory() {
        return directory;
    }

    /** One line per source tried, in the order tried. */
    public List<String> failures() {
        return failures;
    }
}
