/**
 * Getting the CIFAR-10 files: in place, a local copy, the official URL, npm; MD5 verification and atomic moves. No
 * Spring.
 */
@NamedInterface("fetch")
package io.hypergrid.dataset.fetch;

import org.springframework.modulith.NamedInterface;
