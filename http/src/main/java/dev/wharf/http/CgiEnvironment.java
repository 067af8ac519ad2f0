package dev.wharf.http;

import dev.wharf.manifest.Executor;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request turned into what a WAGI handler sees: CGI 1.1 meta-variables plus WAGI's and Spin's X_* variables in
 * its environment (docs/host-api.md lists them), and the query parameters in its argv.
 */
final class CgiEnvironment {
    static final String DEFAULT_ARGV = "${SCRIPT_NAME} ${ARGS}";

    private CgiEnvironment() {}

    /**
     * The guest's environment: the component's prepared environment, then the request's CGI variables, which win
     * over a component value of the same name (a handler must be able to trust REQUEST_METHOD).
     */
    static List<Map.Entry<String, String>> build(
            IncomingRequest r, Router.Routed routed, ComponentPlan component, String serverSoftware) {
        // sized for the ~25 CGI variables, a few headers and the component's own, so it never rehashes
        var env = new LinkedHashMap<String, String>(
                2 * (40 + component.environment().size()));
        for (var e : component.environment()) {
            env.put(e.getKey(), e.getValue());
        }
        var route = routed.trigger().route();
        var match = routed.match();
        String rawPathInfo = match.pathInfo();
        String pathInfo = percentDecode(rawPathInfo);
        String scriptName = match.matchedPath();

        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_SOFTWARE", serverSoftware);
        env.put("SERVER_PROTOCOL", r.protocol());
        env.put("SERVER_NAME", r.serverName());
        env.put("SERVER_PORT", Integer.toString(r.serverPort()));
        env.put("REQUEST_METHOD", r.method());
        env.put("SCRIPT_NAME", scriptName);
        env.put("PATH_INFO", pathInfo);
        env.put("PATH_TRANSLATED", pathInfo);
        env.put("QUERY_STRING", r.rawQuery());
        env.put("CONTENT_TYPE", r.header("Content-Type"));
        env.put("CONTENT_LENGTH", Integer.toString(r.body().length));
        env.put("REMOTE_ADDR", r.remoteAddr());
        env.put("REMOTE_HOST", r.remoteAddr());
        env.put("AUTH_TYPE", "");
        env.put("REMOTE_USER", "");
        env.put("X_MATCHED_ROUTE", Router.pattern(route));
        env.put("X_RAW_COMPONENT_ROUTE", Router.pattern(route));
        env.put("X_COMPONENT_ROUTE", Router.componentRoute(route));
        env.put("X_BASE_PATH", "/");
        env.put(
                "X_FULL_URL",
                r.scheme() + "://" + r.host() + r.rawPath() + (r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery()));
        env.put("X_RAW_PATH_INFO", rawPathInfo);
        env.put("X_RELATIVE_PATH", pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo);
        env.put("X_CLIENT_ADDR", r.remoteAddr() + ":" + r.remotePort());
        match.params()
                .forEach((name, value) ->
                        env.put("X_PATH_MATCH_" + name.toUpperCase(Locale.ROOT), percentDecode(value)));
        // a header sent twice is one variable, its values joined; it replaces a component variable of that name
        var fromHeaders = new ArrayList<String>(r.headers().size());
        for (var h : r.headers()) {
            String name = h.getKey();
            // CGI carries these two as CONTENT_TYPE/CONTENT_LENGTH; proxy credentials are for the proxy alone
            if (name.equalsIgnoreCase("content-type")
                    || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("proxy-authorization")) {
                continue;
            }
            String variable = headerVariable(name);
            if (fromHeaders.contains(variable)) {
                env.merge(variable, h.getValue(), (a, b) -> a + ", " + b);
            } else {
                fromHeaders.add(variable);
                env.put(variable, h.getValue());
            }
        }
        // the map's own entries: it is not changed again
        return new ArrayList<>(env.entrySet());
    }

    /** HTTP_ and the header name upper-cased with '-' as '_' (RFC 3875 4.1.18). */
    static String headerVariable(String headerName) {
        var out = new StringBuilder(5 + headerName.length()).append("HTTP_");
        for (int i = 0; i < headerName.length(); i++) {
            char c = headerName.charAt(i);
            if (c >= 0x80) { // not a token character: leave case mapping to the JDK
                return "HTTP_"
                        + headerName
                                .toLowerCase(Locale.ROOT)
                                .toUpperCase(Locale.ROOT)
                                .replace('-', '_');
            }
            out.append(c == '-' ? '_' : c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return out.toString();
    }

    /**
     * argv from the executor's template (default `${SCRIPT_NAME} ${ARGS}`): whitespace-separated words, where
     * `${ARGS}` becomes one argument per query parameter (`name=value`, form-decoded) and `${SCRIPT_NAME}` the
     * matched path.
     */
    static List<String> argv(Executor executor, IncomingRequest r, Router.Routed routed) {
        String scriptName =
                routed.match().matchedPath().isEmpty() ? "/" : routed.match().matchedPath();
        var argv = new ArrayList<String>();
        if (executor.argv().isEmpty()) {
            argv.add(scriptName);
            argv.addAll(queryArgs(r.rawQuery()));
            return argv;
        }
        String template = executor.argv().get();
        for (String word : template.strip().split("\\s+")) {
            if (word.equals("${ARGS}")) {
                argv.addAll(queryArgs(r.rawQuery()));
            } else if (!word.isEmpty()) {
                argv.add(word.replace("${SCRIPT_NAME}", scriptName));
            }
        }
        if (argv.isEmpty()) {
            argv.add(scriptName); // argv[0] is the program name: never leave it out
        }
        return argv;
    }

    static List<String> queryArgs(String rawQuery) {
        var args = new ArrayList<String>();
        if (rawQuery.isEmpty()) {
            return args;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                args.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                args.add(part); // a stray '%' stays as sent rather than dropping the parameter
            }
        }
        return args;
    }

    /** Percent-decoding for paths ('+' stays '+'); bytes as UTF-8; a malformed escape is kept as written. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        var bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
