/**
 * Reading trials: one, a page, their curves, weights and progress; and the retention of their per-epoch rows.
 */
@NamedInterface("trial")
package io.hypergrid.search.trial;

import org.springframework.modulith.NamedInterface;
