package io.hypergrid.search;

/** An action that the search's state forbids (cancel a finished search, retry with nothing to retry). */
public class SearchConflictException extends RuntimeException {
    public SearchConflictException(String message) {
        super(message);
    }
}
