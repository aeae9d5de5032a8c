package io.hypergrid.dataset.fetch;

import java.nio.file.Path;
import java.util.List;

/**
 * A successful fetch: every file is in {@code directory} and matches its expected MD5.
 *
 * @param source the source that provided the last missing file ({@code "in place"} when nothing was needed)
 * @param installed the files written by this fetch, in release order (empty when all were already in place)
 * @param failures one line per source that was tried and failed before the data became complete
 */
public record FetchResult(Path directory, String source, List<String> installed, List<String> failures) {
    public FetchResult {
        installed = List.copyOf(installed);
        failures = List.copyOf(failures);
    }
}
