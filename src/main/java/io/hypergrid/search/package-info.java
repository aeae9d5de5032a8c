/**
 * The search feature: submitting, cancelling, retrying and reading searches ({@link
 * io.hypergrid.search.SearchService}), their state and status, and the stop conditions of a search. Its sub-
 * packages hold one idea each.
 */
package io.hypergrid.search;
