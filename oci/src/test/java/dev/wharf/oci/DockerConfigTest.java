package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsDockerAuthEntriesUnderAnyKeyForm() throws Exception {
        var file = dir.resolve("config.json");
        Files.writeString(file, """
                {
                  "auths": {
                    "https://index.docker.io/v1/": {"auth": "aHViLXVzZXI6aHViOnBhc3M="},
                    "127.0.0.1:5000": {"auth": "YWxpY2U6czNjcmV0"},
                    "https://ghcr.io": {"username": "bob", "password": "tok"}
                  },
                  "credsStore": "desktop",
                  "proxies": {"default": {"httpProxy": "x"}}
                }
                """);
        var config = DockerConfig.load(file);
        assertEquals(Optional.of(new Credentials("hub-user", "hub:pass")), config.storedCredentials("docker.io"));
        assertEquals(
                Optional.of(new Credentials("hub-user", "hub:pass")), config.storedCredentials("registry-1.docker.io"));
        assertEquals(Optional.of(new Credentials("alice", "s3cret")), config.storedCredentials("127.0.0.1:5000"));
        assertEquals(Optional.of(new Credentials("bob", "tok")), config.storedCredentials("ghcr.io"));
        assertEquals(Optional.empty(), config.storedCredentials("127.0.0.1:5001"));
    }

    @Test
    void storeAndRemoveKeepEveryOtherFieldAndWriteOwnerOnly() throws Exception {
        var file = dir.resolve("sub/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\":{\"other.example\":{\"auth\":\"eDp5\"}},\"detachKeys\":\"ctrl-e\"}");
        var config = DockerConfig.load(file);
        config.store("https://127.0.0.1:5000/", new Credentials("alice", "pw"));

        var json = new ObjectMapper().readTree(file.toFile());
        assertEquals("ctrl-e", json.path("detachKeys").asText());
        assertEquals(
                "eDp5", json.path("auths").path("other.example").path("auth").asText());
        assertEquals(
                "YWxpY2U6cHc=",
                json.path("auths").path("127.0.0.1:5000").path("auth").asText());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(
                Optional.of(new Credentials("alice", "pw")),
                DockerConfig.load(file).storedCredentials("127.0.0.1:5000"));

        DockerConfig.load(file).store("docker.io", new Credentials("h", "p"));
        assertTrue(new ObjectMapper().readTree(file.toFile()).path("auths").has("https://index.docker.io/v1/"));

        assertTrue(DockerConfig.load(file).remove("127.0.0.1:5000"));
        assertFalse(DockerConfig.load(file).remove("127.0.0.1:5000"));
        json = new ObjectMapper().readTree(file.toFile());
        assertFalse(json.path("auths").has("127.0.0.1:5000"));
        assertTrue(json.path("auths").has("other.example"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temp file left beside config.json");
        }
    }

    @Test
    void aMissingFileIsEmptyAndABrokenOneIsNamed() throws Exception {
        assertEquals(
                Optional.empty(), DockerConfig.load(dir.resolve("absent.json")).storedCredentials("x.example"));
        var broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"auths\": {");
        var e = assertThrows(OciException.class, () -> DockerConfig.load(broken));
        assertTrue(e.getMessage().startsWith(broken + ": docker config is not valid JSON"), e.getMessage());
        var badAuth = dir.resolve("bad-auth.json");
        Files.writeString(badAuth, "{\"auths\": {\"r.example\": {\"auth\": \"%%%\"}}}");
        var e2 = assertThrows(
                OciException.class, () -> DockerConfig.load(badAuth).storedCredentials("r.example"));
        assertTrue(e2.getMessage().contains("not base64"), e2.getMessage());
    }
}
