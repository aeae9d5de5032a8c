/**
 * The table of trial parameters: every value that defines a trial, defined once ({@link
 * io.hypergrid.search.parameter.Parameters}).
 */
@NamedInterface("parameter")
package io.hypergrid.search.parameter;

import org.springframework.modulith.NamedInterface;
