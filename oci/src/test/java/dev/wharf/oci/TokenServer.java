package dev.wharf.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A token service as docker's distribution expects one: GET /token?service=..&scope=.. answers
 * `{"token": JWT}` signed RS256 by a key whose self-signed certificate the registry trusts
 * (`auth.token.rootcertbundle`); the certificate travels in the JWT's `x5c` header. Users with the
 * right Basic credentials get every action they ask for; anonymous callers get none, so the registry
 * refuses them. An identity token, when one is accepted, is traded by the OAuth2 refresh-token form POST. The key pair and certificate come from the JDK's keytool.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "wharf-test-registry";
    public static final String ISSUER = "wharf-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Path certPem;
    private final String user;
    private final String password;
    private final List<String> scopesAsked = Collections.synchronizedList(new ArrayList<>());
    private final List<String> grants = Collections.synchronizedList(new ArrayList<>());
    private volatile String identityToken;

    public TokenServer(Path dir, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        var keystore = dir.resolve("token-signer.p12");
        certPem = dir.resolve("token-signer.pem");
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "signer",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=wharf-test-token-signer",
                "-validity",
                "2",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "signer",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                certPem.toString());
        var store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) store.getKey("signer", "changeit".toCharArray());
        cert = (X509Certificate) store.getCertificate("signer");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/token", this::handle);
        server.start();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public Path rootCertificate() {
        return certPem;
    }

    /** The scopes of every token request, authenticated or not. */
    public List<String> scopesAsked() {
        return List.copyOf(scopesAsked);
    }

    /** Also grants tokens for this identity (OAuth2 refresh) token, posted as docker's identity logins do. */
    public TokenServer acceptingIdentityToken(String token) {
        this.identityToken = token;
        return this;
    }

    /** How each token request authenticated: `anonymous`, `basic` or `refresh_token`. */
    public List<String> grants() {
        return List.copyOf(grants);
    }

    private static Map<String, List<String>> form(String encoded) {
        var out = new LinkedHashMap<String, List<String>>();
        if (encoded != null && !encoded.isEmpty()) {
            for (var pair : encoded.split("&")) {
                var kv = pair.split("=", 2);
                if (kv.length == 2) {
                    out.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("POST")) {
                refresh(exchange);
                return;
            }
            var scopes = form(exchange.getRequestURI().getRawQuery()).getOrDefault("scope", List.of());
            scopesAsked.addAll(scopes);
            var auth = exchange.getRequestHeaders().getFirst("Authorization");
            grants.add(auth == null ? "anonymous" : "basic");
            boolean authenticated = false;
            if (auth != null) {
                var expected = "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!auth.equals(expected)) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                authenticated = true;
            }
            var body = JSON.writeValueAsBytes(
                    Map.of("token", sign(authenticated ? access(scopes) : List.of()), "expires_in", 300));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** The OAuth2 form POST: a refresh token (the identity token) for an access token, scopes space-separated. */
    private void refresh(HttpExchange exchange) throws Exception {
        var fields = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        grants.add(String.join(",", fields.getOrDefault("grant_type", List.of("none"))));
        var scopes = new ArrayList<String>();
        fields.getOrDefault("scope", List.of()).forEach(s -> scopes.addAll(List.of(s.split(" "))));
        scopesAsked.addAll(scopes);
        var token = fields.getOrDefault("refresh_token", List.of("")).get(0);
        if (!fields.getOrDefault("grant_type", List.of()).equals(List.of("refresh_token"))
                || identityToken == null
                || !identityToken.equals(token)
                || !fields.containsKey("client_id")) {
            exchange.sendResponseHeaders(401, -1);
            return;
        }
        var body = JSON.writeValueAsBytes(Map.of("access_token", sign(access(scopes)), "expires_in", 300));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static List<Map<String, Object>> access(List<String> scopes) {
        var access = new ArrayList<Map<String, Object>>();
        for (var scope : scopes) {
            var parts = scope.split(":");
            if (parts.length == 3) {
                access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
            }
        }
        return access;
    }

    private String sign(List<Map<String, Object>> access) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        var header = new LinkedHashMap<String, Object>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(Base64.getEncoder().encodeToString(cert.getEncoded())));
        var claims = new LinkedHashMap<String, Object>();
        claims.put("iss", ISSUER);
        claims.put("sub", user);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        var b64 = Base64.getUrlEncoder().withoutPadding();
        var signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
