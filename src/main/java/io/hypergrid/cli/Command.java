package io.hypergrid.cli;

import java.io.PrintStream;

/** One sub-command of the command line ({@code java -jar hypergrid.jar NAME ...}), run without Spring. */
public interface Command {
    String name();

    /** One paragraph: synopsis and options. */
    String usage();

    /**
     * Runs the command. A user error is thrown as {@link CliException}; the caller prints it as one line.
     *
     * @param out where results go (JSON for {@code train})
     * @param err where progress and messages go
     * @return the process exit code
     */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
