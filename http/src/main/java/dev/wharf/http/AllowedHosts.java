package dev.wharf.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A component's `allowed_outbound_hosts`, parsed once: each entry is `scheme://host[:port]` where the scheme may
 * be `*`, the host `*` or `*.example.com`, and the port `*` or a number (the scheme's default when left out), as in
 * Spin. `insecure:allow-all` allows everything. An empty list allows nothing.
 */
record AllowedHosts(List<Rule> rules, boolean allowAll) {

    record Rule(String scheme, String host, int port, String spelled) {
        static final int ANY_PORT = -1;
        static final int SCHEME_DEFAULT = -2;

        boolean matches(String s, String h, int p) {
            if (!scheme.equals("*") && !scheme.equals(s)) {
                return false;
            }
            boolean hostOk =
                    host.equals("*") || host.equals(h) || (host.startsWith("*.") && h.endsWith(host.substring(1)));
            if (!hostOk) {
                return false;
            }
            return port == ANY_PORT || (port == SCHEME_DEFAULT ? p == defaultPort(s) : p == port);
        }
    }

    static AllowedHosts none() {
        return new AllowedHosts(List.of(), false);
    }

    /** Parses the entries; a malformed one is an error naming it, so a typo cannot silently deny (or allow). */
    static AllowedHosts parse(List<String> entries, String componentId) {
        var rules = new ArrayList<Rule>();
        boolean all = false;
        for (String entry : entries) {
            String e = entry.strip();
            if (e.equals("insecure:allow-all")) {
                all = true;
                continue;
            }
            int sep = e.indexOf("://");
            if (sep <= 0) {
                throw bad(entry, componentId, "expected scheme://host[:port], e.g. \"https://api.example.com\"");
            }
            String scheme = e.substring(0, sep).toLowerCase(Locale.ROOT);
            String rest = e.substring(sep + 3);
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            if (rest.contains("/") || rest.contains("?") || rest.isEmpty()) {
                throw bad(entry, componentId, "give only scheme://host[:port], without a path");
            }
            String host = rest;
            int port = Rule.SCHEME_DEFAULT;
            int colon = rest.lastIndexOf(':');
            if (colon >= 0 && rest.indexOf(']') < colon) {
                host = rest.substring(0, colon);
                String p = rest.substring(colon + 1);
                if (p.equals("*")) {
                    port = Rule.ANY_PORT;
                } else {
                    try {
                        port = Integer.parseInt(p);
                    } catch (NumberFormatException ex) {
                        throw bad(entry, componentId, "the port `" + p + "` is neither a number nor *");
                    }
                    if (port < 1 || port > 65535) {
                        throw bad(entry, componentId, "the port " + port + " is out of range");
                    }
                }
            }
            if (port == Rule.SCHEME_DEFAULT && defaultPort(scheme) < 0 && !scheme.equals("*")) {
                throw bad(entry, componentId, "give a port: `" + scheme + "` has no default port");
            }
            rules.add(new Rule(scheme, host.toLowerCase(Locale.ROOT), port, e));
        }
        return new AllowedHosts(List.copyOf(rules), all);
    }

    /** The rule allowing this URL, if any. */
    Optional<Rule> allowing(URI url) {
        if (allowAll) {
            return Optional.of(new Rule("*", "*", Rule.ANY_PORT, "insecure:allow-all"));
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : defaultPort(scheme);
        return rules.stream().filter(r -> r.matches(scheme, host, port)).findFirst();
    }

    /** The entry a user would add to allow this URL: scheme, host and port, nothing more. */
    static String entryFor(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT)
                + (port >= 0 && port != defaultPort(scheme) ? ":" + port : "");
    }

    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static AppHostException bad(String entry, String componentId, String why) {
        return new AppHostException(
                "component `" + componentId + "`: allowed_outbound_hosts entry \"" + entry + "\" is not valid: " + why);
    }
}
