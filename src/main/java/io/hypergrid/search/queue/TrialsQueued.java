package io.hypergrid.search.queue;

/** Published after trials were queued (submitted, retried or proposed), so idle workers here look at once. */
public record TrialsQueued(Long searchId, int count) {
}
