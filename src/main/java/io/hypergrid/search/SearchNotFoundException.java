package io.hypergrid.search;

/** An unknown search or trial id. */
public class SearchNotFoundException extends RuntimeException {
    public SearchNotFoundException(String what, Long id) {
        super("no " + what + " with id " + id);
    }
}
