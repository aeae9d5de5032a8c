package io.hypergrid.api;

/** One event stream more than {@code hypergrid.events.max-streams}: a 503 problem detail. */
class TooManyStreamsException extends RuntimeException {
    TooManyStreamsException(int max) {
        super("this instance already serves " + max + " event streams (hypergrid.events.max-streams); poll"
                + " GET /api/searches/{id} instead, or try again later");
    }
}
