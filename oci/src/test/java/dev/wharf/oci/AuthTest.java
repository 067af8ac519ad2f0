package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth (htpasswd, bcrypt) and Bearer tokens (a token service the registry trusts), both real. */
class AuthTest {
    @TempDir
    Path dir;

    private OciClient client(Path dockerConfig, String cache) {
        return new OciClient(
                OciClient.Settings.defaults().withDockerConfig(dockerConfig).withCacheRoot(dir.resolve(cache)));
    }

    @Test
    void basicAuthRefusesAnonymousAndWrongPasswordsAndWorksAfterLogin() throws Exception {
        try (var registry =
                RegistryProcess.startWithHtpasswd(Files.createDirectories(dir.resolve("reg")), "alice", "s3cret-pw")) {
            var wasm = TestFixtures.wasm("hello");
            var ref = Reference.parse(registry.host() + "/private/hello:1");
            var config = dir.resolve("docker/config.json");

            var anonymous =
                    assertThrows(OciException.class, () -> client(config, "c1").push(wasm, ref, MediaTypes.WASM_LAYER));
            assertEquals(OciException.Reason.UNAUTHORIZED, anonymous.reason(), anonymous.getMessage());
            assertTrue(anonymous.getMessage().contains("requires authentication"), anonymous.getMessage());
            assertTrue(
                    anonymous.getMessage().contains("wharf registry login " + registry.host()), anonymous.getMessage());
            assertTrue(registry.requests("PUT", "/v2/private/hello/[^ ]*").isEmpty(), "nothing was uploaded");

            var client = client(config, "c2");
            var wrong = assertThrows(
                    OciException.class, () -> client.checkLogin(registry.host(), new Credentials("alice", "nope")));
            assertEquals(OciException.Reason.UNAUTHORIZED, wrong.reason());
            assertTrue(wrong.getMessage().contains("rejected the credentials"), wrong.getMessage());

            client.checkLogin(registry.host(), new Credentials("alice", "s3cret-pw"));
            DockerConfig.load(config).store(registry.host(), new Credentials("alice", "s3cret-pw"));
            var pushed = client(config, "c3").push(wasm, ref, MediaTypes.WASM_LAYER);
            var pulled = client(config, "c4").pull(ref);
            assertEquals(pushed.manifestDigest(), pulled.manifestDigest());
            assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(pulled.wasm()));

            // a stale password in the config file: named as rejected, not as missing
            DockerConfig.load(config).store(registry.host(), new Credentials("alice", "old"));
            var stale =
                    assertThrows(OciException.class, () -> client(config, "c5").pull(ref));
            assertEquals(OciException.Reason.UNAUTHORIZED, stale.reason());
            assertTrue(stale.getMessage().contains("rejected the credentials"), stale.getMessage());
        }
    }

    @Test
    void bearerTokensAreFetchedPerScopeFromTheChallengedRealm() throws Exception {
        try (var tokens = new TokenServer(dir, "bob", "token-pw");
                var registry = RegistryProcess.startWithTokenAuth(
                        Files.createDirectories(dir.resolve("reg")),
                        tokens.realm(),
                        TokenServer.SERVICE,
                        TokenServer.ISSUER,
                        tokens.rootCertificate())) {
            var wasm = TestFixtures.wasm("hello");
            var ref = Reference.parse(registry.host() + "/team/app:1");
            var config = dir.resolve("docker/config.json");

            var anonymous =
                    assertThrows(OciException.class, () -> client(config, "c1").pull(ref));
            assertEquals(OciException.Reason.UNAUTHORIZED, anonymous.reason(), anonymous.getMessage());
            assertTrue(
                    anonymous.getMessage().contains("wharf registry login " + registry.host()), anonymous.getMessage());

            var wrong = assertThrows(
                    OciException.class,
                    () -> client(config, "c2").checkLogin(registry.host(), new Credentials("bob", "bad")));
            assertEquals(OciException.Reason.UNAUTHORIZED, wrong.reason());

            client(config, "c2").checkLogin(registry.host(), new Credentials("bob", "token-pw"));
            DockerConfig.load(config).store(registry.host(), new Credentials("bob", "token-pw"));
            var cache = "c3";
            var pushed = client(config, cache).push(wasm, ref, MediaTypes.WASM_LAYER);
            assertTrue(
                    tokens.scopesAsked().contains("repository:team/app:pull,push"),
                    tokens.scopesAsked().toString());

            var pulled = client(config, "c4").pull(ref);
            assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(pulled.wasm()));
            assertEquals(pushed.manifestDigest(), pulled.manifestDigest());

            // a mount asks for pull on the source repository too, and the registry honours the token
            var other = client(config, cache)
                    .push(wasm, Reference.parse(registry.host() + "/team/copy:1"), MediaTypes.WASM_LAYER);
            assertTrue(
                    tokens.scopesAsked().contains("repository:team/app:pull"),
                    tokens.scopesAsked().toString());
            assertTrue(other.mounted() >= 1, other.toString());
        }
    }

    @Test
    void aLoginOnlyACredentialHelperKnowsPushesAndPulls() throws Exception {
        try (var registry =
                RegistryProcess.startWithHtpasswd(Files.createDirectories(dir.resolve("reg")), "alice", "s3cret-pw")) {
            var wasm = TestFixtures.wasm("hello");
            var ref = Reference.parse(registry.host() + "/helped/hello:1");
            var bin = dir.resolve("bin");
            var helper = FakeCredentialHelper.install(bin, "wharftest");
            helper.holds(registry.host(), "alice", "s3cret-pw");
            var config = dir.resolve("docker/config.json");
            Files.createDirectories(config.getParent());
            Files.writeString(config, "{\"credHelpers\": {\"" + registry.host() + "\": \"wharftest\"}}");

            var settings = OciClient.Settings.defaults().withCredentials(new CredentialResolver(config, List.of(bin)));
            try (var pusher = new OciClient(settings.withCacheRoot(dir.resolve("c1")))) {
                pusher.push(wasm, ref, MediaTypes.WASM_LAYER);
            }
            try (var puller = new OciClient(settings.withCacheRoot(dir.resolve("c2")))) {
                var pulled = puller.pull(ref);
                assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(pulled.wasm()));
            }
            assertEquals(
                    List.of("get " + registry.host()),
                    helper.calls(),
                    "asked once, by the first client that needed it; the resolver's answer served both");

            helper.holds(registry.host(), "alice", "not-the-password");
            var rejected = assertThrows(
                    OciException.class,
                    () -> new OciClient(settings.withCredentials(new CredentialResolver(config, List.of(bin)))
                                    .withCacheRoot(dir.resolve("c3")))
                            .pull(ref));
            assertEquals(OciException.Reason.UNAUTHORIZED, rejected.reason(), rejected.getMessage());
            assertTrue(rejected.getMessage().contains("rejected the credentials"), rejected.getMessage());
        }
    }

    @Test
    void anIdentityTokenIsTradedForAccessTokensAtTheTokenService() throws Exception {
        try (var tokens = new TokenServer(dir, "bob", "token-pw").acceptingIdentityToken("idt-8f2c");
                var registry = RegistryProcess.startWithTokenAuth(
                        Files.createDirectories(dir.resolve("reg")),
                        tokens.realm(),
                        TokenServer.SERVICE,
                        TokenServer.ISSUER,
                        tokens.rootCertificate())) {
            var wasm = TestFixtures.wasm("hello");
            var ref = Reference.parse(registry.host() + "/team/identity:1");
            var config = dir.resolve("docker/config.json");
            Files.createDirectories(config.getParent());
            Files.writeString(
                    config,
                    "{\"auths\": {\"" + registry.host()
                            + "\": {\"auth\": \"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==\","
                            + " \"identitytoken\": \"idt-8f2c\"}}}");
            var pushed = client(config, "c1").push(wasm, ref, MediaTypes.WASM_LAYER);
            var pulled = client(config, "c2").pull(ref);
            assertEquals(pushed.manifestDigest(), pulled.manifestDigest());
            assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(pulled.wasm()));
            assertTrue(
                    tokens.grants().contains("refresh_token"), tokens.grants().toString());
            assertFalse(tokens.grants().contains("basic"), "the identity token is never sent as a password");
            assertTrue(
                    tokens.scopesAsked().contains("repository:team/identity:pull,push"),
                    tokens.scopesAsked().toString());

            Files.writeString(config, "{\"auths\": {\"" + registry.host() + "\": {\"identitytoken\": \"stale\"}}}");
            var stale =
                    assertThrows(OciException.class, () -> client(config, "c3").pull(ref));
            assertEquals(OciException.Reason.UNAUTHORIZED, stale.reason(), stale.getMessage());
            assertTrue(stale.getMessage().contains("rejected the credentials"), stale.getMessage());
        }
    }
}
