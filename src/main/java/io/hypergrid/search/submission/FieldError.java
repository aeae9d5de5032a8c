package io.hypergrid.search.submission;

/** One invalid field of a request: its path (e.g. {@code grid.eta.min}) and what is wrong with it. */
public record FieldError(String field, String reason) {
}
