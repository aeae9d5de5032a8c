package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the command line as a test needs it: in this JVM with its output captured, or in a child JVM (this test's
 * class path, {@code HypergridApplication} as with {@code java -jar}) with standard output a pipe, or under a
 * pseudo-terminal made by util-linux {@code script}.
 */
final class CliRuns {
    /** A finished run: exit code, standard output and standard error (one stream under a pseudo-terminal). */
    record Run(int exit, String out, String err) {
    }

    private CliRuns() {
    }

    static Run inProcess(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A client of the service at {@code url}, for the test's own requests. */
    static ServiceClient client(String url) {
        return new ServiceClient(Args.parse(new String[] {"--url", url}, ServiceClient.OPTIONS, Set.of()), Map.of());
    }

    /**
     * The java command of a child JVM running the command line, its class path in an argument file (a class path of
     * a few hundred jars is too long for some shells).
     */
    static List<String> javaCommand(Path work, String... argv) throws IOException {
        Path argFile = work.resolve("java.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "@" + argFile, "io.hypergrid.HypergridApplication"));
        cmd.addAll(List.of(argv));
        return cmd;
    }

    /** Starts the command line in a child JVM, standard output a pipe, standard error into {@code work/err.txt}. */
    static Process piped(Path work, String... argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(work, argv)).directory(work.toFile())
                .redirectError(work.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HYPERGRID_"));
        return pb.start();
    }

    /** Runs the command line in a child JVM through a pipe, to its end. */
    static Run pipedRun(Path work, String... argv) throws Exception {
        Process p = piped(work, argv);
        String out = output(p);
        return new Run(p.exitValue(), out, Files.readString(work.resolve("err.txt")));
    }

    /**
     * Runs the command line in a child JVM under a pseudo-terminal, to its end: {@code script -qfec CMD /dev/null}
     * (util-linux; Debian's essential bsdutils package). Where there is no such {@code script} the calling test is
     * skipped with a message, unless HYPERGRID_REQUIRE_PTY=true (CI), where that fails it. The terminal's output
     * is standard output and standard error together, with the terminal's "\r\n" line ends.
     */
    static Run underPseudoTerminal(Path work, String test, String... argv) throws Exception {
        // util-linux's options; BSD and macOS have a script(1) of other options
        Path script = System.getProperty("os.name").startsWith("Linux") ? onPath("script") : null;
        if (script == null) {
            String missing = "no util-linux script(1) to make a pseudo-terminal (apt-get install bsdutils)";
            if ("true".equals(System.getenv("HYPERGRID_REQUIRE_PTY"))) {
                throw new IllegalStateException("HYPERGRID_REQUIRE_PTY is set but there is " + missing);
            }
            Assumptions.abort(test + " is skipped: " + missing);
        }
        String command = javaCommand(work, argv).stream().map(CliRuns::quoted).collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qfec", command, "/dev/null")
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HYPERGRID_"));
        pb.environment().put("TERM", "xterm"); // a build's TERM may be dumb, which the client rightly takes as no terminal
        pb.environment().remove("COLUMNS"); // the line whole: script's terminal has no size, so it is not cut
        Process p = pb.start(); // its standard input stays open: script ends when the command does
        String out = output(p);
        return new Run(p.exitValue(), out, "");
    }

    /** The process's standard output once it has ended. */
    private static String output(Process p) throws Exception {
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(120, TimeUnit.SECONDS)) { // a safety net against a hung build, not a measurement
            p.destroyForcibly();
            throw new AssertionError("the command line did not end within 120 s");
        }
        return new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static void assertNoControlCharacters(String text) {
        assertThat(text).as("no carriage return or escape sequence").doesNotContain("\r", "\033");
    }
}
