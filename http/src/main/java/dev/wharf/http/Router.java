package dev.wharf.http;

import dev.wharf.manifest.HttpTrigger;
import dev.wharf.manifest.Route;
import dev.wharf.manifest.RouteMatch;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the trigger for a request path: the most specific matching route wins (exact, then exact with
 * parameters, then the longest wildcard); among equals, manifest order. Private routes are never matched.
 */
final class Router {
    record Routed(HttpTrigger trigger, RouteMatch match) {}

    private final List<HttpTrigger> byPrecedence;

    Router(List<HttpTrigger> triggers) {
        // List.sort is stable: equal specificity keeps manifest order
        byPrecedence = triggers.stream()
                .filter(t -> !(t.route() instanceof Route.Private))
                .sorted(Comparator.comparingInt((HttpTrigger t) -> t.route().specificity())
                        .reversed())
                .toList();
    }

    Optional<Routed> route(String path) {
        for (HttpTrigger t : byPrecedence) {
            var m = t.route().match(path);
            if (m.isPresent()) {
                return Optional.of(new Routed(t, m.get()));
            }
        }
        return Optional.empty();
    }

    List<HttpTrigger> publicTriggers() {
        return byPrecedence;
    }

    /** The route as written in the manifest: WAGI's X_MATCHED_ROUTE. */
    static String pattern(Route route) {
        return switch (route) {
            case Route.Exact e -> e.pattern();
            case Route.Wildcard w -> w.pattern();
            case Route.Private p -> "";
        };
    }

    /** The route without its trailing `/...`: Spin's X_COMPONENT_ROUTE. */
    static String componentRoute(Route route) {
        return switch (route) {
            case Route.Exact e -> e.pattern();
            case Route.Wildcard w -> w.prefix();
            case Route.Private p -> "";
        };
    }
}
