package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RouteTest {
    private static Optional<RouteMatch> match(String pattern, String path) {
        return Route.parse(pattern).match(path);
    }

    @Test
    void exactRoutesMatchOnlyTheirPathWithAnOptionalTrailingSlash() {
        assertEquals(Optional.of(new RouteMatch(Map.of(), "/hello", "")), match("/hello", "/hello"));
        assertEquals(Optional.of(new RouteMatch(Map.of(), "/hello/", "")), match("/hello", "/hello/"));
        assertEquals(Optional.empty(), match("/hello", "/hello/x"));
        assertEquals(Optional.empty(), match("/hello", "/hell"));
        assertEquals(Optional.empty(), match("/hello", "/"));
        assertTrue(match("/", "/").isPresent());
        assertEquals(Optional.empty(), match("/", "/a"));
        assertEquals(new Route.Exact("/hello"), Route.parse("/hello/"));
    }

    @Test
    void parameterSegmentsBindOneNonEmptySegment() {
        assertEquals(
                Optional.of(new RouteMatch(Map.of("id", "42"), "/users/42", "")), match("/users/:id", "/users/42"));
        var both = match("/users/:user/posts/:post", "/users/ada/posts/7").orElseThrow();
        assertEquals(List.of("user", "post"), List.copyOf(both.params().keySet()));
        assertEquals("7", both.params().get("post"));
        assertEquals(Optional.empty(), match("/users/:id", "/users/"));
        assertEquals(Optional.empty(), match("/users/:id", "/users/42/x"));
        assertTrue(((Route.Exact) Route.parse("/users/:id")).hasParams());
    }

    @Test
    void wildcardsMatchTheirPrefixAndEverythingBelow() {
        assertEquals(
                Optional.of(new RouteMatch(Map.of(), "/static", "/css/a.css")),
                match("/static/...", "/static/css/a.css"));
        assertEquals(Optional.of(new RouteMatch(Map.of(), "/static", "")), match("/static/...", "/static"));
        assertEquals(Optional.of(new RouteMatch(Map.of(), "/static", "/")), match("/static/...", "/static/"));
        assertEquals(Optional.empty(), match("/static/...", "/staticfiles/a"));
        assertEquals(Optional.of(new RouteMatch(Map.of(), "", "/any/path")), match("/...", "/any/path"));
        assertEquals(Optional.of(new RouteMatch(Map.of(), "", "/")), match("/...", "/"));
        assertEquals(
                Optional.of(new RouteMatch(Map.of("org", "acme"), "/orgs/acme", "/repos")),
                match("/orgs/:org/...", "/orgs/acme/repos"));
        assertEquals("/static", ((Route.Wildcard) Route.parse("/static/...")).prefix());
    }

    @Test
    void privateRoutesMatchNothing() {
        assertEquals(Optional.empty(), new Route.Private().match("/"));
    }

    @Test
    void theMostSpecificRouteWins() {
        var routes = List.of(
                Route.parse("/..."),
                Route.parse("/api/..."),
                Route.parse("/api/v1/..."),
                Route.parse("/api/:version/users"),
                Route.parse("/api/v1/users"),
                Route.parse("/:a/:b/:c"),
                new Route.Private());
        var pick = (Function<String, Route>) path -> routes.stream()
                .filter(r -> r.match(path).isPresent())
                .max(Comparator.comparingInt(Route::specificity))
                .orElseThrow();
        assertEquals(Route.parse("/api/v1/users"), pick.apply("/api/v1/users"));
        assertEquals(Route.parse("/api/:version/users"), pick.apply("/api/v2/users"));
        assertEquals(Route.parse("/:a/:b/:c"), pick.apply("/x/y/z"));
        assertEquals(Route.parse("/api/v1/..."), pick.apply("/api/v1/orders/9"));
        assertEquals(Route.parse("/api/..."), pick.apply("/api/v2/orders/9"));
        // any exact route beats any wildcard, even one with more literal segments
        assertEquals(Route.parse("/:a/:b/:c"), pick.apply("/api/v1/orders"));
        assertEquals(Route.parse("/..."), pick.apply("/"));
        assertTrue(new Route.Private().specificity() < Route.parse("/...").specificity());
    }

    @Test
    void badPatternsAreRefused() {
        assertEquals(
                "a route must start with '/', got \"api\"",
                assertThrows(IllegalArgumentException.class, () -> Route.parse("api"))
                        .getMessage());
        assertEquals(
                "empty segment in route \"/a//b\"",
                assertThrows(IllegalArgumentException.class, () -> Route.parse("/a//b"))
                        .getMessage());
        assertEquals(
                "parameter ':id' appears twice in route \"/:id/:id\"",
                assertThrows(IllegalArgumentException.class, () -> Route.parse("/:id/:id"))
                        .getMessage());
        assertEquals(
                "bad parameter name ':' in route \"/a/:\"",
                assertThrows(IllegalArgumentException.class, () -> Route.parse("/a/:"))
                        .getMessage());
    }

    @Test
    void collisionKeysIgnoreParameterNames() {
        assertEquals(
                RouteSyntax.collisionKey(Route.parse("/u/:id")), RouteSyntax.collisionKey(Route.parse("/u/:name")));
        assertTrue(
                !RouteSyntax.collisionKey(Route.parse("/u/...")).equals(RouteSyntax.collisionKey(Route.parse("/u"))));
    }
}
