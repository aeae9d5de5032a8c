package io.hypergrid.search;

/**
 * Back-pressure: the trials a request would queue do not fit under {@code hypergrid.limits.max-pending-trials}.
 * Nothing was stored; the caller may try again once workers have drained the queue.
 */
public class QueueFullException extends RuntimeException {
    public QueueFullException(long pending, long adding, long limit) {
        super("the queue holds " + pending + " pending trials; " + adding + " more would exceed the limit of " + limit
                + ": try again later");
    }
}
