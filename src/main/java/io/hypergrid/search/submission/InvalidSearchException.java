package io.hypergrid.search.submission;

import java.util.List;

/** A submission that cannot be accepted; nothing was stored. */
public class InvalidSearchException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidSearchException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
