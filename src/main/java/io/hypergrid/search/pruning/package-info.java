/**
 * Early stopping: the rules (median, successive halving) and the pruner that applies them at an epoch's end.
 */
@NamedInterface("pruning")
package io.hypergrid.search.pruning;

import org.springframework.modulith.NamedInterface;
