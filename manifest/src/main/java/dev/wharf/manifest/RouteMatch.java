package dev.wharf.manifest;

import java.util.Map;

/**
 * A successful route match.
 *
 * @param params values of {@code :name} segments
 * @param matchedPath the part of the request path the route's pattern covered ({@code /static} for
 *     {@code /static/...}; the whole path for exact routes; empty for {@code /...}) — WAGI's SCRIPT_NAME
 * @param pathInfo the rest after a wildcard ({@code /css/a.css}), empty for exact routes — WAGI's PATH_INFO
 */
public record RouteMatch(Map<String, String> params, String matchedPath, String pathInfo) {
    public RouteMatch {
        params = Ordered.copyOf(params);
    }
}
