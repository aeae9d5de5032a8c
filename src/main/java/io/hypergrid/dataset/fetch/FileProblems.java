package io.hypergrid.dataset.fetch;

import java.util.ArrayList;
import java.util.List;

/** The per-file problems of one source, joined into the one line that reports the source's failure. */
final class FileProblems {
    private final List<String> missing = new ArrayList<>();
    private final List<String> bad = new ArrayList<>();

    void missing(String name) {
        missing.add(name);
    }

    /** A file that was there but failed verification; {@code message} names it. */
    void bad(String message) {
        bad.add(message);
    }

    boolean isEmpty() {
        return missing.isEmpty() && bad.isEmpty();
    }

    void throwIfAny(String whereMissing) throws SourceFailure {
        if (isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(String.join(", ", missing) + " not " + whereMissing);
        }
        parts.addAll(bad);
        throw new SourceFailure(String.join("; ", parts));
    }
}
