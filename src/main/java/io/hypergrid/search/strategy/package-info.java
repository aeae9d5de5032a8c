/**
 * How a search chooses its points: the strategies (grid, random, TPE) behind the proposal seam ({@link
 * io.hypergrid.search.strategy.Strategy}).
 */
@NamedInterface("strategy")
package io.hypergrid.search.strategy;

import org.springframework.modulith.NamedInterface;
