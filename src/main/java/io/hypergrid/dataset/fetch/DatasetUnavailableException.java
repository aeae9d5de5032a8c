package io.hypergrid.dataset.fetch;

import java.nio.file.Path;
import java.util.List;

/** No source could provide every file; the message lists each source's failure, one per line. */
public class DatasetUnavailableException extends Exception {
    private final transient Path directory;
    private final List<String> failures;

    DatasetUnavailableException(Path directory, List<String> failures) {
        super("CIFAR-10 is not available in " + directory + "; every source failed:\n  - "
                + String.join("\n  - ", failures));
        this.directory = directory;
        this.failures = List.copyOf(failures);
    }

    public Path directory() {
        return directory;
    }

    /** One line per source tried, in the order tried. */
    public List<String> failures() {
        return failures;
    }
}
