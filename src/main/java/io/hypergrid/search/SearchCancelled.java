package io.hypergrid.search;

/** Published after a cancellation, so this instance stops its running trials of the search at once. */
public record SearchCancelled(Long searchId) {
}
