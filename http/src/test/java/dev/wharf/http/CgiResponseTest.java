package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgiResponseTest {
    private static CgiResponse parse(String out) {
        return CgiResponse.parse(out.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(CgiResponse.Ok ok) {
        return new String(ok.stdout(), ok.bodyOffset(), ok.bodyLength(), StandardCharsets.UTF_8);
    }

    @Test
    void headersBlankLineBody() {
        var ok =
                assertInstanceOf(CgiResponse.Ok.class, parse("Content-Type: text/html\r\nX-A:  1 \r\n\r\n<p>hi</p>\n"));
        assertEquals(200, ok.status());
        assertEquals(List.of(Map.entry("Content-Type", "text/html"), Map.entry("X-A", "1")), ok.headers());
        assertEquals("<p>hi</p>\n", body(ok));
    }

    @Test
    void statusLocationAndServerOwnedHeaders() {
        var teapot = assertInstanceOf(
                CgiResponse.Ok.class,
                parse(
                        "Status: 418 I'm a teapot\nContent-Type: text/plain\nContent-Length: 999\nConnection: close\n\n"));
        assertEquals(418, teapot.status());
        assertEquals(1, teapot.headers().size(), "Status is consumed, framing headers are the server's");
        assertEquals("", body(teapot));

        var redirect = assertInstanceOf(CgiResponse.Ok.class, parse("Location: https://example.com/\n\n"));
        assertEquals(302, redirect.status());
        var moved = assertInstanceOf(CgiResponse.Ok.class, parse("Status: 301\nLocation: /new\n\n"));
        assertEquals(301, moved.status());
    }

    @Test
    void malformedOutputSaysWhy() {
        assertTrue(assertInstanceOf(CgiResponse.Malformed.class, parse(""))
                .reason()
                .contains("printed nothing"));
        assertTrue(assertInstanceOf(CgiResponse.Malformed.class, parse("Content-Type: text/plain\nhi: there\n"))
                .reason()
                .contains("no blank line"));
        assertTrue(assertInstanceOf(CgiResponse.Malformed.class, parse("hello world\n\n"))
                .reason()
                .contains("Name: value"));
        assertTrue(assertInstanceOf(CgiResponse.Malformed.class, parse("X-A: 1\n\nbody"))
                .reason()
                .contains("no Content-Type and no Location"));
        assertTrue(assertInstanceOf(CgiResponse.Malformed.class, parse("Status: 99 x\nContent-Type: a/b\n\n"))
                .reason()
                .contains("status code"));
        assertTrue(assertInstanceOf(
                        CgiResponse.Malformed.class,
                        parse("Content-Type: a/b\nX-Big: " + "x".repeat(CgiResponse.MAX_HEADER_BYTES) + "\n\n"))
                .reason()
                .contains("headers too long"));
    }
}
