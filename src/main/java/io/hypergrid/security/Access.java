package io.hypergrid.security;

/** What a caller may do: nothing but the public pages, read, or read and change. */
public enum Access {
    /** No token, or a wrong one. */
    NONE,
    READ,
    ADMIN
}
