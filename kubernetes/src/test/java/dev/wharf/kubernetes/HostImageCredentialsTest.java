package dev.wharf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import dev.wharf.oci.CredentialResolver;
import dev.wharf.oci.FakeCredentialHelper;
import dev.wharf.oci.OciClient;
import dev.wharf.oci.Reference;
import dev.wharf.oci.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib pushes with the login Wharf's own client uses: one {@link CredentialResolver}, here answered by a real
 * credential helper process, against a real docker-registry that checks passwords (htpasswd).
 */
class HostImageCredentialsTest {
    @TempDir
    static Path dir;

    static RegistryProcess registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryProcess.startWithHtpasswd(
                Files.createDirectories(dir.resolve("registry")), "alice", "jib-and-wharf");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static JibContainerBuilder tinyImage() {
        return Jib.fromScratch().addLabel("org.opencontainers.image.title", "credentials test");
    }

    private static Path config(String name, String json) throws Exception {
        var file = dir.resolve(name + "/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    @Test
    void jibAndTheOciClientGetTheirLoginFromTheSameHelper() throws Exception {
        var bin = dir.resolve("bin");
        var helper = FakeCredentialHelper.install(bin, "wharftest");
        helper.holds(registry.host(), "alice", "jib-and-wharf");
        var config = config("helped", "{\"credHelpers\": {\"" + registry.host() + "\": \"wharftest\"}}");
        var credentials = new CredentialResolver(config, List.of(bin));
        var ref = Reference.parse(registry.host() + "/wharf/tiny:1");

        var pushed = HostImage.push(
                tinyImage(), new HostImage.Target(ref, false, credentials, dir.resolve("jib")), "test image");
        assertFalse(registry.requests("PUT", "/v2/wharf/tiny/manifests/1").isEmpty(), registry.log());

        try (var client = new OciClient(
                OciClient.Settings.defaults().withCredentials(credentials).withCacheRoot(dir.resolve("oci")))) {
            assertEquals(pushed.reference().digest(), client.resolve(ref).digest());
        }
        assertEquals(
                List.of("get " + registry.host()),
                helper.calls(),
                "Jib and the OCI client asked one resolver, which ran the helper once");
    }

    @Test
    void withoutALoginOrWithAMissingHelperThePushFailsInOneLine() throws Exception {
        var ref = Reference.parse(registry.host() + "/wharf/denied:1");
        var anonymous = assertThrows(
                KubernetesException.class,
                () -> HostImage.push(
                        tinyImage(),
                        new HostImage.Target(
                                ref,
                                false,
                                new CredentialResolver(config("none", "{}"), List.of()),
                                dir.resolve("jib")),
                        "test image"));
        assertTrue(anonymous.getMessage().startsWith("test image: push to " + ref + " failed"), anonymous.getMessage());
        assertTrue(registry.requests("PUT", "/v2/wharf/denied/manifests/1").isEmpty(), "nothing was pushed");

        var missing = config("missing", "{\"credsStore\": \"nothere\"}");
        var e = assertThrows(
                KubernetesException.class,
                () -> HostImage.push(
                        tinyImage(),
                        new HostImage.Target(
                                ref, false, new CredentialResolver(missing, List.of()), dir.resolve("jib")),
                        "test image"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(
                e.getMessage().contains(missing + ": credsStore names credential helper \"nothere\""), e.getMessage());
        assertTrue(e.getMessage().contains("install it, or remove the entry"), e.getMessage());
    }
}
