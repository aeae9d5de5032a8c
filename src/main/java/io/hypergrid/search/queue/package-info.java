/**
 * The trial table as a work queue: claims, proposals, heartbeats, the reaper and every fenced write of a trial;
 * its SQL dialects behind {@code QueueDialect}.
 */
@NamedInterface("queue")
package io.hypergrid.search.queue;

import org.springframework.modulith.NamedInterface;
