/**
 * Which trials and configurations are best: top-k by validation (or test) accuracy, and configurations by their
 * mean over repeats.
 */
@NamedInterface("ranking")
package io.hypergrid.search.ranking;

import org.springframework.modulith.NamedInterface;
