package io.hypergrid.search;

/** An unknown search id. */
public class SearchNotFoundException extends RuntimeException {
    public SearchNotFoundException(Long id) {
        super("no search with id " + id);
    }
}
