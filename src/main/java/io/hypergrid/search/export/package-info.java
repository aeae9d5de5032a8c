/**
 * Every trial of a search as CSV or JSON, streamed in pages.
 */
@NamedInterface("export")
package io.hypergrid.search.export;

import org.springframework.modulith.NamedInterface;
