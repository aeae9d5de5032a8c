/**
 * Which parameters mattered in a search: functional ANOVA over a random-forest surrogate of its finished trials, or
 * the exact variance decomposition of a full grid's table.
 */
@NamedInterface("importance")
package io.hypergrid.search.importance;

import org.springframework.modulith.NamedInterface;
