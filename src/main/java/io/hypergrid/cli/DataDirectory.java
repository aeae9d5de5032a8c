package io.hypergrid.cli;

import java.nio.file.Path;

/** Where the command-line tools look for CIFAR-10 unless told: {@code $HYPERGRID_DATA_DIR}, else data/cifar-10-batches-bin. */
final class DataDirectory {
    static final String ENVIRONMENT_VARIABLE = "HYPERGRID_DATA_DIR";
    static final Path DEFAULT = Path.of("data", "cifar-10-batches-bin");

    private DataDirectory() {
    }

    static Path defaultPath() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        return env == null || env.isBlank() ? DEFAULT : Path.of(env);
    }
}
