package io.hypergrid.dataset.fetch;

import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;

/** Why a source could not provide the data, in one line (without the source's name, which the caller adds). */
final class SourceFailure extends Exception {
    SourceFailure(String reason) {
        super(reason);
    }

    SourceFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    /**
     * One line from an exception's cause chain. The JDK's HTTP client often throws exceptions without a message
     * whose cause says what happened, so every distinct message in the chain is kept.
     */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            last = t;
            String m = t instanceof UnresolvedAddressException ? "host name not resolved" : t.getMessage();
            if (m == null || m.isBlank()) {
                continue;
            }
            String line = m.replaceAll("\\s+", " ").trim();
            if (parts.stream().noneMatch(p -> p.contains(line))) {
                parts.add(line);
            }
        }
        if (parts.isEmpty()) {
            parts.add(last.getClass().getSimpleName());
        }
        return String.join(": ", parts);
    }
}
