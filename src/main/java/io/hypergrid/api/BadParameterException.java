package io.hypergrid.api;

/** A query parameter out of its range. */
class BadParameterException extends RuntimeException {
    final String parameter;

    BadParameterException(String parameter, String reason) {
        super(reason);
        this.parameter = parameter;
    }
}
