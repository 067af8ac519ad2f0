package dev.wharf.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, `sha256:<64 lowercase hex>`: the only algorithm registries use in practice. */
public record Digest(String algorithm, String hex) {
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern ANY = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    "digest algorithm '" + algorithm + "' is not supported (only sha256)");
        }
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new OciException(
                    OciException.Reason.BAD_REFERENCE,
                    "invalid sha256 digest '" + hex + "': want 64 lowercase hex digits");
        }
    }

    /** Parses `sha256:<hex>`; the message names the text so callers can put it in one line. */
    public static Digest parse(String text) {
        if (text == null || !ANY.matcher(text).matches()) {
            throw new OciException(
                    OciException.Reason.BAD_REFERENCE, "invalid digest '" + text + "': want sha256:<64 hex digits>");
        }
        int colon = text.indexOf(':');
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] bytes) {
        var md = newSha256();
        return of(md.digest(bytes));
    }

    static Digest of(byte[] sha256) {
        return new Digest("sha256", HexFormat.of().formatHex(sha256));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first 12 hex digits, as registries and docker show short ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
