package io.hypergrid.cli;

import java.util.Optional;

/**
 * Turns the lines of a {@code text/event-stream} into events, as the WHATWG rules say for the fields this service
 * sends: {@code event}, {@code data} (several lines joined with newlines), comments (lines starting with a colon)
 * skipped; a blank line dispatches. {@code id} and {@code retry} are ignored: the client resumes from a fresh status.
 */
final class EventStreamParser {
    /** One event; {@code message} when it had no name. */
    record Event(String name, String data) {
    }

    private String name;
    private StringBuilder data;

    /** @return the event this line completes, if it is a blank line after data */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            Optional<Event> event = data == null ? Optional.empty()
                    : Optional.of(new Event(name == null ? "message" : name, data.toString()));
            name = null;
            data = null;
            return event;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if ("event".equals(field)) {
            name = value;
        } else if ("data".equals(field)) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return Optional.empty();
    }
}
