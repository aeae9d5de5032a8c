package io.hypergrid.dataset.fetch;

import java.io.IOException;

/** One place the data can come from. */
interface Source {
    /** Names the source at the start of its report line, e.g. {@code "URL https://..."}. */
    String describe();

    /**
     * Installs into {@code target} every file of {@link TargetFolder#missing()} it can, each verified.
     *
     * @throws SourceFailure when it could not provide them all, with a one-line reason naming the files
     */
    void provide(TargetFolder target, FetchProgress progress) throws SourceFailure, IOException;
}
