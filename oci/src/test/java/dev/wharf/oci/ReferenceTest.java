package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:5000/wharf/hello:v1     | 127.0.0.1:5000 | wharf/hello   | v1
            localhost/app                     | localhost      | app           | latest
            localhost:5000/a/b/c:1.0-rc_1     | localhost:5000 | a/b/c         | 1.0-rc_1
            ghcr.io/me/tool                   | ghcr.io        | me/tool       | latest
            hello                             | docker.io      | library/hello | latest
            hello:2                           | docker.io      | library/hello | 2
            me/tool:x                         | docker.io      | me/tool       | x
            docker.io/hello                   | docker.io      | library/hello | latest
            index.docker.io/me/tool           | docker.io      | me/tool       | latest
            [::1]:5000/app:1                  | [::1]:5000     | app           | 1
            reg.example:443/a__b/c-d.e:t      | reg.example:443| a__b/c-d.e    | t
            """)
    void parsesWithDockerDefaults(String text, String registry, String repository, String tag) {
        var ref = Reference.parse(text);
        assertEquals(registry, ref.registry());
        assertEquals(repository, ref.repository());
        assertEquals(tag, ref.tag());
        assertNull(ref.digest());
        assertEquals(tag, ref.tagOrDigest());
    }

    @Test
    void aDigestWinsOverTheTagForFetching() {
        var both = Reference.parse("127.0.0.1:5000/app:v1@" + DIGEST);
        assertEquals("v1", both.tag());
        assertEquals(DIGEST, both.tagOrDigest());
        assertEquals("127.0.0.1:5000/app:v1@" + DIGEST, both.toString());

        var only = Reference.parse("127.0.0.1:5000/app@" + DIGEST);
        assertNull(only.tag());
        assertEquals(Digest.parse(DIGEST), only.digest());
    }

    @Test
    void dockerHubIsServedFromItsRegistryHost() {
        assertEquals("registry-1.docker.io", Reference.parse("hello").apiHost());
        assertEquals("ghcr.io", Reference.parse("ghcr.io/a/b").apiHost());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                  | it is empty
            http://127.0.0.1:5000/app           | has no scheme
            127.0.0.1:5000/App:1                | must be lowercase
            Me/app                              | must be lowercase
            127.0.0.1:5000/app:-bad             | tag '-bad'
            127.0.0.1:5000/app@sha256:1234      | invalid sha256 digest
            127.0.0.1:5000/app@md5:abcd         | not supported
            127.0.0.1:5000//app                 | empty path component
            127.0.0.1:5000/                     | repository name is missing
            127.0.0.1:5000/a..b                 | not a valid repository path component
            'ex ample.com/app'                  | is not a registry host
            """)
    void badReferencesSayWhatIsWrongInOneLine(String text, String why) {
        var e = assertThrows(OciException.class, () -> Reference.parse(text));
        assertEquals(OciException.Reason.BAD_REFERENCE, e.reason());
        assertTrue(e.getMessage().startsWith("invalid reference \"" + text + "\": "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().endsWith("write HOST[:PORT]/REPO[:TAG][@sha256:DIGEST]"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void overlongNamesAreRefused() {
        var e = assertThrows(OciException.class, () -> Reference.parse("127.0.0.1:5000/" + "a".repeat(300)));
        assertTrue(e.getMessage().contains("longer than 255"), e.getMessage());
    }

    @Test
    void digestsAreSha256Only() {
        var d = Digest.sha256("hello".getBytes());
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", d.toString());
        assertEquals(d, Digest.parse(d.toString()));
        assertEquals("2cf24dba5fb0", d.shortHex());
        assertThrows(OciException.class, () -> Digest.parse("sha256:" + "AB".repeat(32)));
    }
}
