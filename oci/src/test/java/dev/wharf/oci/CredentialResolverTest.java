package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Docker's lookup order (credHelpers, credsStore, auths), run against real helper processes. */
class CredentialResolverTest {
    private static final String HOST = "127.0.0.1:5000";

    @TempDir
    Path dir;

    private Path helpers() {
        return dir.resolve("bin");
    }

    private Path config(String json) throws Exception {
        var file = dir.resolve("docker/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    private CredentialResolver resolver(Path config) {
        return new CredentialResolver(config, List.of(dir.resolve("empty-bin"), helpers()));
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHelperNamedForAHostAnswersForItOnceAndOtherHostsKeepTheirAuths() throws Exception {
        var helper = FakeCredentialHelper.install(helpers(), "wharftest");
        helper.holds(HOST, "alice", "from-helper");
        var config = config("""
                {"credHelpers": {"%s": "wharftest"},
                 "auths": {"%s": {"auth": "%s"}, "ghcr.io": {"auth": "%s"}}}
                """.formatted(HOST, HOST, basic("alice", "from-file"), basic("bob", "gh")));
        var resolver = resolver(config);
        assertEquals(Optional.of(new Credentials("alice", "from-helper")), resolver.forRegistry(HOST));
        assertEquals(Optional.of(new Credentials("alice", "from-helper")), resolver.forRegistry("https://" + HOST));
        assertEquals(Optional.of(new Credentials("bob", "gh")), resolver.forRegistry("ghcr.io"));
        assertEquals(List.of("get " + HOST), helper.calls(), "one run per host, none for a host it is not named for");
    }

    @Test
    void credsStoreServesEveryHostAndAuthsFillsWhatItLacks() throws Exception {
        var helper = FakeCredentialHelper.install(helpers(), "store");
        helper.holds(HOST, "alice", "pw");
        helper.holds("https://index.docker.io/v1/", "hubber", "hub-pw");
        var config = config("""
                {"credsStore": "store", "auths": {"old.example": {"auth": "%s"}}}
                """.formatted(basic("carol", "older")));
        var resolver = resolver(config);
        assertEquals(Optional.of(new Credentials("alice", "pw")), resolver.forRegistry(HOST));
        assertEquals(Optional.of(new Credentials("hubber", "hub-pw")), resolver.forRegistry("docker.io"));
        assertEquals(
                Optional.of(new Credentials("carol", "older")),
                resolver.forRegistry("old.example"),
                "a login the helper lacks but the file has still counts");
        assertEquals(Optional.empty(), resolver.forRegistry("nobody.example"));
        assertEquals(
                List.of("get " + HOST, "get https://index.docker.io/v1/", "get old.example", "get nobody.example"),
                helper.calls(),
                "Docker Hub is asked for under the address docker itself uses");
    }

    @Test
    void identityTokensComeFromHelpersAndFromAuths() throws Exception {
        var helper = FakeCredentialHelper.install(helpers(), "wharftest");
        helper.holds(HOST, Credentials.IDENTITY_TOKEN_USER, "refresh-me");
        var config = config("""
                {"credHelpers": {"%s": "wharftest"},
                 "auths": {"acr.example": {"auth": "%s", "identitytoken": "idt"}}}
                """.formatted(HOST, basic("00000000-0000-0000-0000-000000000000", "")));
        var resolver = resolver(config);
        var fromHelper = resolver.forRegistry(HOST).orElseThrow();
        assertTrue(fromHelper.isIdentityToken());
        assertEquals("refresh-me", fromHelper.password());
        assertEquals(Optional.of(Credentials.identityToken("idt")), resolver.forRegistry("acr.example"));
    }

    private static OciException refused(Executable action) {
        var e = assertThrows(OciException.class, action);
        assertEquals(OciException.Reason.LOCAL_IO, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void aMissingBrokenOrBabblingHelperAndAMalformedConfigAreOneLineNamingTheFile() throws Exception {
        var config = config("{\"credHelpers\": {\"" + HOST + "\": \"nothere\"}}");
        var missing = refused(() -> resolver(config).forRegistry(HOST));
        assertTrue(missing.getMessage().startsWith(config + ": credHelpers.\"" + HOST + "\""), missing.getMessage());
        assertTrue(missing.getMessage().contains("no docker-credential-nothere is on PATH"), missing.getMessage());
        assertTrue(missing.getMessage().contains("install it, or remove the entry"), missing.getMessage());

        FakeCredentialHelper.installScript(
                helpers(), "broken", "cat >/dev/null; echo 'keychain is locked' >&2; exit 3");
        var broken =
                refused(() -> resolver(config("{\"credsStore\": \"broken\"}")).forRegistry(HOST));
        assertTrue(broken.getMessage().startsWith(config + ": docker-credential-broken get"), broken.getMessage());
        assertTrue(broken.getMessage().contains("(credsStore)"), broken.getMessage());
        assertTrue(broken.getMessage().contains("exit 3: keychain is locked"), broken.getMessage());
        assertTrue(broken.getMessage().contains("check the helper"), broken.getMessage());

        FakeCredentialHelper.installScript(helpers(), "babbling", "cat >/dev/null; echo 'hello there'");
        var babbling =
                refused(() -> resolver(config("{\"credsStore\": \"babbling\"}")).forRegistry(HOST));
        assertTrue(babbling.getMessage().startsWith(config.toString()), babbling.getMessage());
        assertTrue(babbling.getMessage().contains("something other than"), babbling.getMessage());

        var notAnObject =
                refused(() -> resolver(config("{\"credHelpers\": [\"pass\"]}")).forRegistry(HOST));
        assertEquals(
                config
                        + ": credHelpers is not an object of host: helper-name; fix the entry or remove it from the file",
                notAnObject.getMessage());
        var badName = refused(() -> resolver(config("{\"credHelpers\": {\"a.example\": \"../../bin/sh\"}}"))
                .forRegistry(HOST));
        assertTrue(
                badName.getMessage().startsWith(config + ": credHelpers.\"a.example\" is \"../../bin/sh\""),
                badName.getMessage());
        assertTrue(badName.getMessage().contains("not a credential helper name"), badName.getMessage());
    }

    @Test
    void aHostWithoutHelperIsNotSlowedOrBrokenByAnotherHostsHelper() throws Exception {
        var config = config("""
                {"credHelpers": {"private.example": "nothere"}, "auths": {"%s": {"auth": "%s"}}}
                """.formatted(HOST, basic("alice", "pw")));
        assertEquals(
                Optional.of(new Credentials("alice", "pw")), resolver(config).forRegistry(HOST));
    }

    @Test
    void loginsAreStoredWhereDockerWouldKeepThemAndForgottenFromThere() throws Exception {
        var helper = FakeCredentialHelper.install(helpers(), "wharftest");
        var config = config("{\"credHelpers\": {\"" + HOST + "\": \"wharftest\"}, \"detachKeys\": \"ctrl-e\"}");
        var before = Files.readString(config);
        var resolver = resolver(config);
        var where = resolver.store(HOST, new Credentials("alice", "pw"));
        assertTrue(where.contains("docker-credential-wharftest"), where);
        assertEquals(before, Files.readString(config), "the password went to the helper, not into the file");
        assertEquals(
                "alice",
                new ObjectMapper().readTree(helper.kept(HOST)).path("Username").asText());
        assertEquals(
                Optional.of(new Credentials("alice", "pw")), resolver(config).forRegistry(HOST));

        assertEquals(Optional.of(where), resolver.remove(HOST));
        assertEquals(Optional.empty(), resolver.remove(HOST));
        assertEquals(Optional.empty(), resolver(config).forRegistry(HOST));
        assertEquals(
                List.of("store " + HOST, "get " + HOST, "erase " + HOST, "erase " + HOST, "get " + HOST),
                helper.calls());

        // a host no helper is named for: the file's auths, owner-only
        var plain = resolver(config);
        assertEquals(config.toString(), plain.store("other.example", new Credentials("bob", "pw2")));
        assertEquals(
                Optional.of(new Credentials("bob", "pw2")), resolver(config).forRegistry("other.example"));
        assertEquals(
                "ctrl-e",
                new ObjectMapper().readTree(config.toFile()).path("detachKeys").asText());
    }
}
