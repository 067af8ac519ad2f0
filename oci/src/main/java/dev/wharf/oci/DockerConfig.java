package dev.wharf.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Docker's own config file, so that `docker login`, skopeo, oras and Wharf share one login:
 * `{"auths": {"HOST": {"auth": base64(user:pass)}}}` (entries with `username`/`password` fields, or an
 * `identitytoken`, are read too), and which credential helper keeps the logins of a host (`credHelpers`, per
 * host) or of every host (`credsStore`). The file is `$DOCKER_CONFIG/config.json`, else
 * `~/.docker/config.json`. Every other field of the file is kept as it was when Wharf writes it.
 * {@link CredentialResolver} puts these together into one answer.
 */
final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key `docker login` writes for Docker Hub; the registry itself answers at registry-1.docker.io. */
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    /** Helper names become `docker-credential-NAME`: nothing that could reach outside the search path. */
    private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * A credential helper the file names.
     *
     * @param name the helper, run as `docker-credential-NAME`
     * @param origin where the file names it (`credHelpers."ghcr.io"` or `credsStore`), for messages
     */
    record HelperEntry(String name, String origin) {}

    private final Path file;
    private final ObjectNode root;
    private final Map<String, HelperEntry> credHelpers;
    private final Optional<HelperEntry> credsStore;

    private DockerConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
        this.credHelpers = credHelpers(file, root);
        this.credsStore = credsStore(file, root);
    }

    private static Map<String, HelperEntry> credHelpers(Path file, ObjectNode root) {
        var node = root.get("credHelpers");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw malformed(file, "credHelpers is not an object of host: helper-name");
        }
        var out = new LinkedHashMap<String, HelperEntry>();
        for (var entry : node.properties()) {
            var origin = "credHelpers.\"" + entry.getKey() + "\"";
            out.put(normalizeHost(entry.getKey()), new HelperEntry(helperName(file, origin, entry.getValue()), origin));
        }
        return Map.copyOf(out);
    }

    private static Optional<HelperEntry> credsStore(Path file, ObjectNode root) {
        var node = root.get("credsStore");
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new HelperEntry(helperName(file, "credsStore", node), "credsStore"));
    }

    private static String helperName(Path file, String origin, JsonNode value) {
        if (!value.isTextual() || !HELPER_NAME.matcher(value.asText()).matches()) {
            throw malformed(
                    file,
                    origin + " is " + value + ", not a credential helper name (letters, digits, '.', '_', '-', as in"
                            + " \"pass\" for docker-credential-pass)");
        }
        return value.asText();
    }

    private static OciException malformed(Path file, String what) {
        return new OciException(
                OciException.Reason.LOCAL_IO, file + ": " + what + "; fix the entry or remove it from the file");
    }

    /**
     * `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. The system property
     * wharf.docker.config (a file) comes first, for embedders and in-process tests.
     */
    static Path defaultFile() {
        var explicit = System.getProperty("wharf.docker.config");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        var dir = System.getenv("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "config.json");
        }
        return Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    /** Reads the file; a missing file is an empty configuration. */
    static DockerConfig load(Path file) {
        try {
            var text = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode node = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (!(node instanceof ObjectNode object)) {
                throw new OciException(
                        OciException.Reason.LOCAL_IO,
                        file + ": docker config is not a JSON object; fix or remove the file");
            }
            return new DockerConfig(file, object);
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, JSON.createObjectNode());
        } catch (JsonProcessingException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    file + ": docker config is not valid JSON (line "
                            + e.getLocation().getLineNr() + "); fix or remove the file",
                    e);
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO, file + ": cannot read docker config: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** The helper that keeps this registry's logins: its `credHelpers` entry, else `credsStore`, else none. */
    Optional<HelperEntry> helperFor(String registry) {
        var own = credHelpers.get(normalizeHost(registry));
        return own != null ? Optional.of(own) : credsStore;
    }

    /**
     * The server address docker hands a credential helper for a registry: Docker Hub's legacy URL, else the
     * host[:port] itself.
     */
    static String serverUrl(String registry) {
        return keyFor(registry);
    }

    /**
     * The login stored in `auths` for a registry host (`host[:port]`, Docker Hub under any of its names): an
     * identity token when the entry has one, else the user and password of `auth` or `username`/`password`.
     */
    Optional<Credentials> storedCredentials(String registry) {
        var entry = findEntry(registry);
        if (entry == null) {
            return Optional.empty();
        }
        var value = entry.getValue();
        var identityToken = value.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(identityToken));
        }
        var auth = value.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OciException(
                        OciException.Reason.LOCAL_IO,
                        file + ": auths." + entry.getKey()
                                + ".auth is not base64; log in again with `wharf registry login " + registry + "`");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new OciException(
                        OciException.Reason.LOCAL_IO,
                        file + ": auths." + entry.getKey()
                                + ".auth is not user:password; log in again with `wharf registry login " + registry
                                + "`");
            }
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        var user = value.path("username").asText("");
        if (!user.isEmpty()) {
            return Optional.of(new Credentials(user, value.path("password").asText("")));
        }
        return Optional.empty();
    }

    /** Records a login and writes the file (mode 0600, atomically). */
    void store(String registry, Credentials credentials) {
        var existing = findEntry(registry);
        if (existing != null) {
            auths().remove(existing.getKey());
        }
        var entry = auths().putObject(keyFor(registry));
        var pair = credentials.username() + ":" + credentials.password();
        entry.put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        write();
    }

    /** Forgets a login; returns false (and writes nothing) when there was none. */
    boolean remove(String registry) {
        var existing = findEntry(registry);
        if (existing == null) {
            return false;
        }
        auths().remove(existing.getKey());
        write();
        return true;
    }

    private ObjectNode auths() {
        var auths = root.get("auths");
        if (auths instanceof ObjectNode object) {
            return object;
        }
        return root.putObject("auths");
    }

    private Map.Entry<String, JsonNode> findEntry(String registry) {
        var wanted = normalizeHost(registry);
        var auths = root.get("auths");
        if (!(auths instanceof ObjectNode)) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (normalizeHost(entry.getKey()).equals(wanted)) {
                return entry;
            }
        }
        return null;
    }

    private static String keyFor(String registry) {
        var host = normalizeHost(registry);
        return host.equals(Reference.DOCKER_HUB) ? DOCKER_HUB_KEY : host;
    }

    /**
     * The host[:port] an `auths` key or a login argument names: keys may be URLs
     * (`https://index.docker.io/v1/`), and Docker Hub goes by several names.
     */
    static String normalizeHost(String keyOrHost) {
        var host = keyOrHost.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase();
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> Reference.DOCKER_HUB;
            default -> host;
        };
    }

    private void write() {
        try {
            // owner-only: it holds registry credentials
            AtomicFiles.writePrivate(
                    file,
                    (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO, file + ": cannot write docker config: " + e.getMessage(), e);
        }
    }
}
