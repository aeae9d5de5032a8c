package io.hypergrid.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a presented bearer token against the configured SHA-256 digests. The token is hashed first, so what is
 * compared always has 32 bytes whatever was sent, and the comparison is {@link MessageDigest#isEqual}, which looks at
 * every byte whatever the first difference: how long a check takes says nothing about how close a guess was. Both
 * digests are compared on every call, so the time does not say which of them matched either.
 */
public final class TokenVerifier {
    private static final byte[] NONE = new byte[32];
    private final byte[] admin;
    private final byte[] reader;

    /** Digests as 64 hex digits, or null where that token is not configured. */
    public TokenVerifier(String adminSha256, String readerSha256) {
        this.admin = adminSha256 == null ? null : HexFormat.of().parseHex(adminSha256);
        this.reader = readerSha256 == null ? null : HexFormat.of().parseHex(readerSha256);
    }

    /** What the {@code Authorization} header's bearer token allows; {@link Access#NONE} when missing or wrong. */
    public Access check(String authorization) {
        String token = bearer(authorization);
        if (token == null) {
            return Access.NONE;
        }
        byte[] presented = sha256(token);
        // both comparisons always run, against a dummy digest where a token is not configured
        boolean isAdmin = equal(presented, admin == null ? NONE : admin) && admin != null;
        boolean isReader = equal(presented, reader == null ? NONE : reader) && reader != null;
        return isAdmin ? Access.ADMIN : isReader ? Access.READ : Access.NONE;
    }

    /** Constant-time equality of two byte arrays of the same length. */
    static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive, RFC 6750), or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
