package dev.wharf.manifest;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an HTTP trigger listens. Patterns follow Spin: literal segments, {@code :name} segments that match
 * any one non-empty segment, and a trailing {@code /...} that matches the prefix and everything below it.
 * One trailing slash on a request path is ignored for exact routes.
 */
public sealed interface Route permits Route.Exact, Route.Wildcard, Route.Private {

    /** Matches a request path (no query string, starts with '/'); empty when this route does not serve it. */
    Optional<RouteMatch> match(String path);

    /**
     * Higher wins when several routes match one path: exact literal routes, then exact routes with
     * parameters (more literal segments first), then wildcards (longer prefix first). Private is lowest.
     */
    int specificity();

    /**
     * Parses a route string from the manifest.
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the pattern
     */
    static Route parse(String pattern) {
        return RouteSyntax.parse(pattern);
    }

    /** A route without a wildcard, e.g. {@code /hello} or {@code /users/:id}. */
    record Exact(String pattern) implements Route {
        public Exact {
            RouteSyntax.check(pattern, false);
        }

        @Override
        public Optional<RouteMatch> match(String path) {
            var wanted = RouteSyntax.segments(pattern);
            var given = RouteSyntax.segments(path);
            if (given.size() == wanted.size() + 1 && given.get(given.size() - 1).isEmpty()) {
                given = given.subList(0, wanted.size());
            }
            if (given.size() != wanted.size()) {
                return Optional.empty();
            }
            return RouteSyntax.bind(wanted, given).map(params -> new RouteMatch(params, path, ""));
        }

        @Override
        public int specificity() {
            var segments = RouteSyntax.segments(pattern);
            int literals = RouteSyntax.literalCount(segments);
            int rank = literals == segments.size() ? 3 : 2;
            return RouteSyntax.score(rank, literals, segments.size());
        }

        /** True when the pattern has {@code :name} segments. */
        public boolean hasParams() {
            var segments = RouteSyntax.segments(pattern);
            return RouteSyntax.literalCount(segments) != segments.size();
        }
    }

    /** A route ending in {@code /...}: {@code /static/...} serves {@code /static} and everything under it. */
    record Wildcard(String pattern) implements Route {
        public Wildcard {
            RouteSyntax.check(pattern, true);
        }

        /** The pattern without its trailing {@code /...}; empty for the catch-all {@code /...}. */
        public String prefix() {
            return pattern.substring(0, pattern.length() - "/...".length());
        }

        @Override
        public Optional<RouteMatch> match(String path) {
            var wanted = RouteSyntax.segments(prefix());
            var given = RouteSyntax.segments(path);
            if (given.size() < wanted.size()) {
                return Optional.empty();
            }
            return RouteSyntax.bind(wanted, given.subList(0, wanted.size())).map(params -> {
                var matched = wanted.isEmpty() ? "" : "/" + String.join("/", given.subList(0, wanted.size()));
                return new RouteMatch(params, matched, path.substring(matched.length()));
            });
        }

        @Override
        public int specificity() {
            var segments = RouteSyntax.segments(prefix());
            return RouteSyntax.score(1, RouteSyntax.literalCount(segments), segments.size());
        }
    }

    /** {@code route = { private = true }}: the component has no public route, only internal callers reach it. */
    record Private() implements Route {
        @Override
        public Optional<RouteMatch> match(String path) {
            return Optional.empty();
        }

        @Override
        public int specificity() {
            return 0;
        }
    }
}

/** Route pattern syntax shared by the Route variants; package-private so the public API stays the records. */
final class RouteSyntax {
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RouteSyntax() {}

    static Route parse(String pattern) {
        var p = pattern.strip();
        if (p.endsWith("/...")) {
            return new Route.Wildcard(p);
        }
        // Spin accepts "/hello/" for "/hello"; keep one spelling so duplicate detection sees them as equal
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return new Route.Exact(p);
    }

    static void check(String pattern, boolean wildcard) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route must start with '/', got \"" + pattern + "\"");
        }
        var body = wildcard ? pattern.substring(0, pattern.length() - "/...".length()) : pattern;
        var names = new HashSet<String>();
        var segments = segments(body);
        for (int i = 0; i < segments.size(); i++) {
            var s = segments.get(i);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty segment in route \"" + pattern + "\"");
            }
            if (s.equals("...")) {
                throw new IllegalArgumentException("'...' may only end a route, in \"" + pattern + "\"");
            }
            if (s.startsWith(":")) {
                var name = s.substring(1);
                if (!PARAM_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("bad parameter name '" + s + "' in route \"" + pattern + "\"");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException(
                            "parameter '" + s + "' appears twice in route \"" + pattern + "\"");
                }
            }
        }
    }

    /** "/a/b" -> [a, b]; "/" and "" -> []; "/a/" -> [a, ""] (callers decide what a trailing slash means). */
    static List<String> segments(String path) {
        var body = path.startsWith("/") ? path.substring(1) : path;
        if (body.isEmpty()) {
            return List.of();
        }
        return List.of(body.split("/", -1));
    }

    static Optional<Map<String, String>> bind(List<String> pattern, List<String> path) {
        var params = new LinkedHashMap<String, String>();
        for (int i = 0; i < pattern.size(); i++) {
            var want = pattern.get(i);
            var got = path.get(i);
            if (want.startsWith(":")) {
                if (got.isEmpty()) {
                    return Optional.empty();
                }
                params.put(want.substring(1), got);
            } else if (!want.equals(got)) {
                return Optional.empty();
            }
        }
        return Optional.of(Collections.unmodifiableMap(params));
    }

    static int literalCount(List<String> segments) {
        return (int) segments.stream().filter(s -> !s.startsWith(":")).count();
    }

    static int score(int rank, int literals, int segments) {
        return rank * 1_000_000 + Math.min(literals, 999) * 1_000 + Math.min(segments, 999);
    }

    /** Two routes with equal keys serve exactly the same paths: "/users/:id" and "/users/:name" collide. */
    static String collisionKey(Route route) {
        return switch (route) {
            case Route.Exact e ->
                String.join(
                        "/",
                        segments(e.pattern()).stream()
                                .map(s -> s.startsWith(":") ? ":" : s)
                                .toList());
            case Route.Wildcard w ->
                String.join(
                                "/",
                                segments(w.prefix()).stream()
                                        .map(s -> s.startsWith(":") ? ":" : s)
                                        .toList()) + "/...";
            case Route.Private p -> "";
        };
    }
}
