package dev.wharf.oci;

import java.util.regex.Pattern;

/**
 * Where an artifact lives: `host[:port]/repo[:tag][@sha256:...]`, with Docker's defaults: a name
 * whose first part is not a host (no '.' or ':', not localhost) is on docker.io, a one-part name
 * there is under `library/`, and no tag and no digest means `latest`. When both a tag and a digest
 * are given the digest wins, as with docker: the tag is kept for display only.
 *
 * @param registry the registry as written (`127.0.0.1:5000`, `ghcr.io`, `docker.io`)
 * @param repository the repository path inside it (`library/hello`, `me/app`)
 * @param tag the tag, or null when the reference names a digest only
 * @param digest the manifest digest, or null
 */
public record Reference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";

    private static final String FORM = "write HOST[:PORT]/REPO[:TAG][@sha256:DIGEST]";
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int MAX_NAME = 255;

    public Reference {
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    /** Parses a reference; the exception's message is one line that quotes the text and says what is wrong. */
    public static Reference parse(String text) {
        if (text == null || text.isBlank()) {
            throw bad(String.valueOf(text), "it is empty");
        }
        if (text.contains("://")) {
            throw bad(text, "a reference has no scheme (plain HTTP is chosen with --insecure)");
        }
        if (!text.equals(text.strip())) {
            throw bad(text, "it has surrounding spaces");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestText = rest.substring(at + 1);
            try {
                digest = Digest.parse(digestText);
            } catch (OciException e) {
                throw bad(text, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw bad(text, "tag '" + tag + "' must be 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-'");
            }
        }
        String registry;
        String repository;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        // docker also takes an uppercase first part for a host; we do not, so `Me/app` gets the
        // "must be lowercase" line instead of a connection error to a host named Me
        boolean firstIsHost = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (firstIsHost) {
            registry = first;
            repository = rest.substring(slash + 1);
            if (!HOST.matcher(registry).matches()) {
                throw bad(text, "'" + registry + "' is not a registry host[:port]");
            }
            if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
                registry = DOCKER_HUB;
            }
        } else {
            registry = DOCKER_HUB;
            repository = rest;
        }
        if (repository.isEmpty()) {
            throw bad(text, "the repository name is missing");
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                String why = component.isEmpty()
                        ? "the repository name has an empty path component"
                        : !component.equals(component.toLowerCase())
                                ? "repository names must be lowercase ('" + component + "')"
                                : "'" + component
                                        + "' is not a valid repository path component (lowercase letters, digits, '.', '_', '-')";
                throw bad(text, why);
            }
        }
        if (registry.length() + 1 + repository.length() > MAX_NAME) {
            throw bad(text, "the name is longer than " + MAX_NAME + " characters");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new Reference(registry, repository, tag, digest);
    }

    private static OciException bad(String text, String why) {
        return new OciException(
                OciException.Reason.BAD_REFERENCE, "invalid reference \"" + text + "\": " + why + "; " + FORM);
    }

    /** The same artifact pinned to a manifest digest (the tag stays for display). */
    public Reference withDigest(Digest manifestDigest) {
        return new Reference(registry, repository, tag, manifestDigest);
    }

    /** What goes after `/manifests/` in a URL: the digest when there is one, else the tag. */
    public String tagOrDigest() {
        return digest != null ? digest.toString() : tag;
    }

    /** The host the distribution API is served from: Docker Hub's registry is not at docker.io itself. */
    String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
