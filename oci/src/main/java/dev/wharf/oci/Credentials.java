package dev.wharf.oci;

/** A registry user name and password (or token used as a password). Never printed. */
public record Credentials(String username, String password) {
    public Credentials {
        if (username == null || username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("a registry user name is non-empty and has no ':'");
        }
        if (password == null) {
            throw new IllegalArgumentException("password is null");
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
