package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    private static boolean allows(List<String> entries, String url) {
        return AllowedHosts.parse(entries, "c").allowing(URI.create(url)).isPresent();
    }

    @Test
    void schemeHostAndPortMustAllMatch() {
        var api = List.of("https://api.example.com");
        assertTrue(allows(api, "https://api.example.com/v1?q=1"));
        assertTrue(allows(api, "https://API.example.com:443/"));
        assertFalse(allows(api, "http://api.example.com/"), "scheme");
        assertFalse(allows(api, "https://api.example.com:8443/"), "port defaults to the scheme's");
        assertFalse(allows(api, "https://evil.example.com/"), "host");
        assertFalse(allows(List.of(), "https://api.example.com/"), "empty allows nothing");
    }

    @Test
    void wildcards() {
        assertTrue(allows(List.of("https://*.example.com"), "https://a.b.example.com/"));
        assertFalse(allows(List.of("https://*.example.com"), "https://example.com.evil.org/"));
        assertTrue(allows(List.of("http://127.0.0.1:*"), "http://127.0.0.1:8080/"));
        assertTrue(allows(List.of("*://localhost:3000"), "https://localhost:3000/"));
        assertTrue(allows(List.of("insecure:allow-all"), "http://anything:1/"));
    }

    @Test
    void malformedEntriesAreErrorsNamingThem() {
        var e = assertThrows(AppHostException.class, () -> AllowedHosts.parse(List.of("api.example.com"), "web"));
        assertTrue(e.getMessage().contains("component `web`") && e.getMessage().contains("\"api.example.com\""));
        assertThrows(AppHostException.class, () -> AllowedHosts.parse(List.of("https://a.com/path"), "web"));
        assertThrows(AppHostException.class, () -> AllowedHosts.parse(List.of("https://a.com:99999"), "web"));
        assertThrows(AppHostException.class, () -> AllowedHosts.parse(List.of("redis://cache"), "web"));
    }

    @Test
    void theEntryToAddNamesSchemeHostAndNonDefaultPort() {
        assertEquals("http://127.0.0.1:8080", AllowedHosts.entryFor(URI.create("http://127.0.0.1:8080/x")));
        assertEquals("https://api.example.com", AllowedHosts.entryFor(URI.create("https://api.example.com:443/x")));
    }
}
