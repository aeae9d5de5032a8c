package io.hypergrid.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of the command-line tools. They run without Spring, so that one training run starts in about a
 * second and prints nothing but its result on standard output.
 */
public final class Cli {
    private static final List<Command> COMMANDS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(new TrainCommand(), new FetchDataCommand(), new GemmPeakCommand()),
            ClientCommand.all().stream()).toList();

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private Cli() {
    }

    public static boolean isCommand(String name) {
        return find(name).isPresent() || "help".equals(name) || "--help".equals(name);
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        // before the first logger exists: keep standard output for results (ND4J logs its banner at INFO)
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "logback-cli.xml");
        }
        if (argv.length == 0 || "help".equals(argv[0]) || "--help".equals(argv[0])) {
            err.println("usage: java -jar hypergrid.jar [COMMAND [OPTIONS]]   (no command: run the service)");
            COMMANDS.forEach(c -> err.println("\n" + c.usage()));
            return argv.length == 0 ? 2 : 0;
        }
        Command command = find(argv[0]).orElse(null);
        if (command == null) {
            err.println("hypergrid: unknown command '" + argv[0] + "' (try 'help')");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help")) {
            err.println(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (CliException e) {
            err.println("hypergrid " + command.name() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            // anything else is still reported in one line; the cause chain helps without a stack trace
            err.println("hypergrid " + command.name() + ": failed: " + describe(e));
            return 1;
        }
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static Optional<Command> find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
