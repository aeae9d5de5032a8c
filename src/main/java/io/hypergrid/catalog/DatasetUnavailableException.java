package io.hypergrid.catalog;

/** A submission needs a data set that is not there and cannot be fetched. */
public class DatasetUnavailableException extends RuntimeException {
    public DatasetUnavailableException(String message) {
        super(message);
    }
}
