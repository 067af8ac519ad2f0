package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAGI handlers over real HTTP on loopback: routing, the CGI environment, stdin, and CGI output. */
class WagiHandlersTest {
    @TempDir
    static Path dir;

    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(dir, TestApp.header("""
                [variables]
                greeting = { default = "ahoy" }

                [[trigger.http]]
                route = "/hello"
                component = "hello"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/env/..."
                component = "env"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/users/:id"
                component = "env"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/users/admin"
                component = "hello"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/cgi"
                component = "cgi"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/counter"
                component = "counter"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = { private = true }
                component = "hello"
                executor = { type = "wagi" }

                [component.hello]
                source = "app_hello.wasm"

                [component.env]
                source = "app_env.wasm"
                environment = { APP_MODE = "test", REQUEST_METHOD = "spoofed" }
                [component.env.variables]
                greeting = "{{ greeting }}, sailor"

                [component.cgi]
                source = "app_cgi.wasm"

                [component.counter]
                source = "app_counter.wasm"
                """), "app_hello", "app_env", "app_cgi", "app_counter");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void helloRouteAnswers() throws Exception {
        var r = app.get("/hello");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain", r.headers().firstValue("content-type").orElseThrow());
        assertEquals("hello from a wharf app\n", r.body());
        var access = app.awaitLogLine("event=access method=GET path=/hello status=200");
        assertTrue(access.matches(".* duration_ms=[0-9.]+ component=hello request_id=[0-9a-f]{12}"), access);
    }

    @Test
    void theGuestSeesTheCgiEnvironmentAndQueryArgs() throws Exception {
        var r = app.send(HttpRequest.newBuilder(app.url("/env/a%20b/c.txt?x=1&name=J%C3%BCrgen+K&flag"))
                .header("X-Custom-Thing", "yes")
                .header("Accept", "text/plain")
                .header("X-Twice", "one")
                .header("X-Twice", "two"));
        assertEquals(200, r.statusCode());
        var env = parse(r.body());
        int port = app.server.port();
        assertEquals("/env", env.get("argv[0]"));
        assertEquals("x=1", env.get("argv[1]"));
        assertEquals("name=Jürgen K", env.get("argv[2]"));
        assertEquals("flag", env.get("argv[3]"));
        assertEquals("GET", env.get("REQUEST_METHOD"), "CGI variables win over component environment");
        assertEquals("test", env.get("APP_MODE"));
        assertEquals("ahoy, sailor", env.get("GREETING"), "component variables, templates expanded");
        assertEquals("/a b/c.txt", env.get("PATH_INFO"));
        assertEquals("/a%20b/c.txt", env.get("X_RAW_PATH_INFO"));
        assertEquals("a b/c.txt", env.get("X_RELATIVE_PATH"));
        assertEquals("/env", env.get("SCRIPT_NAME"));
        assertEquals("/env/...", env.get("X_MATCHED_ROUTE"));
        assertEquals("/env", env.get("X_COMPONENT_ROUTE"));
        assertEquals("x=1&name=J%C3%BCrgen+K&flag", env.get("QUERY_STRING"));
        assertEquals("CGI/1.1", env.get("GATEWAY_INTERFACE"));
        assertEquals("HTTP/1.1", env.get("SERVER_PROTOCOL"));
        assertEquals("127.0.0.1", env.get("SERVER_NAME"));
        assertEquals(Integer.toString(port), env.get("SERVER_PORT"));
        assertTrue(env.get("SERVER_SOFTWARE").startsWith("Wharf/"));
        assertEquals("127.0.0.1", env.get("REMOTE_ADDR"));
        assertEquals("0", env.get("CONTENT_LENGTH"));
        assertEquals(
                "http://127.0.0.1:" + port + "/env/a%20b/c.txt?x=1&name=J%C3%BCrgen+K&flag", env.get("X_FULL_URL"));
        assertEquals("yes", env.get("HTTP_X_CUSTOM_THING"));
        assertEquals("text/plain", env.get("HTTP_ACCEPT"));
        assertEquals("one, two", env.get("HTTP_X_TWICE"), "a header sent twice is one variable");
        assertFalse(env.containsKey("PATH"), "nothing from the host's own environment leaks in");
    }

    @Test
    void aPostBodyArrivesOnStdinAndStatusIsHonoured() throws Exception {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        var r = app.send(HttpRequest.newBuilder(app.url("/cgi?echo"))
                .header("Content-Type", "application/x-test")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, r.statusCode());
        assertEquals("100000", r.headers().firstValue("x-body-length").orElseThrow());
        assertEquals(new String(body), r.body());
    }

    @Test
    void contentTypeAndLengthAreCgiVariables() throws Exception {
        var r = app.send(HttpRequest.newBuilder(app.url("/env/post"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("a,b\n")));
        var env = parse(r.body());
        assertEquals("POST", env.get("REQUEST_METHOD"));
        assertEquals("text/csv", env.get("CONTENT_TYPE"));
        assertEquals("4", env.get("CONTENT_LENGTH"));
        assertFalse(env.containsKey("HTTP_CONTENT_TYPE"));
    }

    @Test
    void statusAndLocationHeadersShapeTheResponse() throws Exception {
        var teapot = app.get("/cgi?teapot");
        assertEquals(418, teapot.statusCode());
        assertEquals("short and stout\n", teapot.body());

        var redirect = app.get("/cgi?redirect");
        assertEquals(302, redirect.statusCode());
        assertEquals("/hello", redirect.headers().firstValue("location").orElseThrow());
    }

    @Test
    void outputThatIsNotCgiIsA500WithARequestId() throws Exception {
        for (String mode : new String[] {"nocontent", "garbage"}) {
            var r = app.get("/cgi?" + mode);
            assertEquals(500, r.statusCode(), mode);
            String id = TestApp.requestId(r.body());
            assertTrue(app.log().contains("request_id=" + id), app.log());
            assertTrue(
                    app.log().lines().anyMatch(l -> l.contains("request_id=" + id) && l.contains("malformed CGI")),
                    app.log());
        }
    }

    @Test
    void parametersAndMostSpecificRouteWin() throws Exception {
        var user = parse(app.get("/users/42").body());
        assertEquals("42", user.get("X_PATH_MATCH_ID"));
        assertEquals("/users/:id", user.get("X_MATCHED_ROUTE"));
        assertEquals("/users/42", user.get("SCRIPT_NAME"));
        assertEquals("", user.get("PATH_INFO"));

        assertEquals("hello from a wharf app\n", app.get("/users/admin").body(), "exact beats :param");
        assertEquals(404, app.get("/users/42/more").statusCode());
        assertEquals(404, app.get("/nothing-here").statusCode());
        assertEquals("/env", parse(app.get("/env").body()).get("SCRIPT_NAME"), "a wildcard serves its prefix too");
    }

    @Test
    void noStateLeaksBetweenRequests() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("1\n", app.get("/counter").body());
        }
    }

    @Test
    void builtInRoutes() throws Exception {
        var health = app.get(AppServer.HEALTH);
        assertEquals(200, health.statusCode());
        assertEquals("OK\n", health.body());
        var info = app.get(AppServer.INFO);
        assertEquals(200, info.statusCode());
        assertTrue(info.body().contains("\"name\" : \"test-app\""), info.body());
        assertTrue(info.body().contains("\"version\" : \"1.2.3\""), info.body());
        assertTrue(info.body().contains("\"route\" : \"/users/:id\""), info.body());
    }

    @Test
    void dotSegmentsAreRefused() throws Exception {
        // java.net.URI would normalise the path, so send it on a raw socket
        try (var socket = new Socket("127.0.0.1", app.server.port())) {
            socket.getOutputStream()
                    .write("GET /env/../hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        }
    }

    @Test
    void anOversizedRequestHeadIsRefused() throws Exception {
        var r = app.send(HttpRequest.newBuilder(app.url("/hello")).header("X-Huge", "x".repeat(20_000)));
        assertEquals(431, r.statusCode());
        assertEquals(200, app.get("/hello").statusCode());
    }

    static Map<String, String> parse(String body) {
        var out = new HashMap<String, String>();
        Arrays.stream(body.split("\n")).filter(l -> l.contains("=")).forEach(l -> {
            int eq = l.indexOf('=');
            out.putIfAbsent(l.substring(0, eq), l.substring(eq + 1));
        });
        return out;
    }
}
