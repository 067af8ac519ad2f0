package dev.wharf.wasi;

/**
 * One request the sandbox refused, explained for a user: which WASI function, the path as the guest gave it,
 * why it was refused and what grant would allow it (e.g. {@code --dir /etc::/etc}).
 */
public record Denial(String function, String guestPath, String reason, String remedy) {}
