package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void bearerParametersMayHoldCommasInsideQuotes() {
        var all = Challenge.parseAll(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");
        assertEquals(1, all.size());
        var c = all.get(0);
        assertTrue(c.isBearer());
        assertEquals(
                Map.of(
                        "realm",
                        "https://auth.example/token",
                        "service",
                        "registry.example",
                        "scope",
                        "repository:a/b:pull,push"),
                c.params());
    }

    @Test
    void severalChallengesInOneHeaderAndBearerIsPreferred() {
        var all = Challenge.parseAll("Basic realm=\"x\", Bearer realm=\"https://a/t\", service=s");
        assertEquals(
                List.of("basic", "bearer"), all.stream().map(Challenge::scheme).toList());
        assertEquals("s", all.get(1).param("service"));
        assertEquals(
                "bearer",
                Challenge.pick(List.of("Basic realm=\"x\"", "bearer realm=\"y\""))
                        .orElseThrow()
                        .scheme());
        assertEquals(
                "basic",
                Challenge.pick(List.of("Basic realm=\"Registry Realm\""))
                        .orElseThrow()
                        .scheme());
    }

    @Test
    void escapedQuotesAndUnknownSchemes() {
        var c = Challenge.parseAll("Basic realm=\"say \\\"hi\\\"\"").get(0);
        assertEquals("say \"hi\"", c.param("realm"));
        assertTrue(Challenge.pick(List.of("Negotiate", "Digest realm=\"x\", nonce=\"y\""))
                .isEmpty());
    }
}
