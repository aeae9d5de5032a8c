package io.hypergrid.cli;

/** A user error on the command line: printed as one line, exit code 2, no stack trace. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
