package io.hypergrid.search.trial;

/** An unknown trial id. */
public class TrialNotFoundException extends RuntimeException {
    public TrialNotFoundException(Long id) {
        super("no trial with id " + id);
    }
}
