package dev.wharf.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A real docker credential helper for tests: an executable `docker-credential-NAME` shell script in a directory a
 * test puts on the resolver's search path, speaking the protocol (get, store, erase) over stdin and stdout, keeping
 * logins as one file per server address and logging every call (`get 127.0.0.1:5000`). Shared with other modules'
 * tests through this module's test-jar.
 */
public final class FakeCredentialHelper {
    private static final String SCRIPT = """
            #!/bin/sh
            # docker credential helper protocol: the action is $1, its input comes on stdin
            here=$(dirname "$0")
            store="$here/%1$s.store"
            mkdir -p "$store"
            key() { printf '%%s' "$1" | tr -c 'A-Za-z0-9' '_'; }
            case "$1" in
              get)
                server=$(cat)
                echo "get $server" >> "$here/%1$s.calls"
                if [ -f "$store/$(key "$server")" ]; then cat "$store/$(key "$server")"; exit 0; fi
                echo "credentials not found in native keychain"
                exit 1 ;;
              store)
                json=$(cat)
                server=$(printf '%%s' "$json" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p')
                echo "store $server" >> "$here/%1$s.calls"
                printf '%%s' "$json" > "$store/$(key "$server")" ;;
              erase)
                server=$(cat)
                echo "erase $server" >> "$here/%1$s.calls"
                if [ -f "$store/$(key "$server")" ]; then rm "$store/$(key "$server")"; exit 0; fi
                echo "credentials not found in native keychain"
                exit 1 ;;
              *)
                echo "unknown action $1" >&2
                exit 2 ;;
            esac
            """;

    private final Path dir;
    private final String name;

    private FakeCredentialHelper(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** Writes `docker-credential-NAME` into {@code dir} (the directory to put on the search path). */
    public static FakeCredentialHelper install(Path dir, String name) throws IOException {
        writeScript(dir, name, SCRIPT.formatted(name));
        return new FakeCredentialHelper(dir, name);
    }

    /** A helper that answers every action with {@code body} (a shell script's lines): for helpers that misbehave. */
    public static void installScript(Path dir, String name, String body) throws IOException {
        writeScript(dir, name, "#!/bin/sh\n" + body + "\n");
    }

    private static void writeScript(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        var script = dir.resolve("docker-credential-" + name);
        Files.writeString(script, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    /** Keeps a login for a server address, as `docker login` through this helper would. */
    public void holds(String serverUrl, String username, String secret) throws IOException {
        var json = Transport.JSON
                .createObjectNode()
                .put("ServerURL", serverUrl)
                .put("Username", username)
                .put("Secret", secret);
        var store = Files.createDirectories(dir.resolve(name + ".store"));
        Files.writeString(store.resolve(serverUrl.replaceAll("[^A-Za-z0-9]", "_")), json.toString());
    }

    /** The login kept for a server address, as the helper stored it (JSON), or null. */
    public String kept(String serverUrl) throws IOException {
        var file = dir.resolve(name + ".store").resolve(serverUrl.replaceAll("[^A-Za-z0-9]", "_"));
        return Files.exists(file) ? Files.readString(file) : null;
    }

    /** Every call so far, as `ACTION SERVER`. */
    public List<String> calls() throws IOException {
        var log = dir.resolve(name + ".calls");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
