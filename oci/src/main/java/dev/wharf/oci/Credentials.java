package dev.wharf.oci;

/**
 * A registry user name and password (or token used as a password), or an identity token: what docker's config
 * and credential helpers call a login whose user is {@value #IDENTITY_TOKEN_USER}, an OAuth2 refresh token that
 * a registry's token service trades for access tokens. Never printed.
 */
public record Credentials(String username, String password) {
    /** The user name under which docker's `identitytoken` and credential helpers hand over an identity token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public Credentials {
        if (username == null || username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("a registry user name is non-empty and has no ':'");
        }
        if (password == null) {
            throw new IllegalArgumentException("password is null");
        }
    }

    public static Credentials identityToken(String token) {
        return new Credentials(IDENTITY_TOKEN_USER, token);
    }

    /** True when {@link #password()} is an identity (refresh) token rather than a password. */
    public boolean isIdentityToken() {
        return username.equals(IDENTITY_TOKEN_USER);
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
