/**
 * A submission as a typed request, validated and planned into a search space, a strategy and the trials to store.
 */
@NamedInterface("submission")
package io.hypergrid.search.submission;

import org.springframework.modulith.NamedInterface;
