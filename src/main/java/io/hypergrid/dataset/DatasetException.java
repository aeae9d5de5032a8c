package io.hypergrid.dataset;

/** A data set that cannot be read as it should: a missing, truncated or corrupt file. The message names the file. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
