package dev.wharf.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One `WWW-Authenticate` challenge: `Basic realm="x"` or
 * `Bearer realm="https://auth/token",service="registry",scope="repository:a/b:pull,push"`.
 * Quoted values may hold commas (scopes do), so this is a small tokenizer, not a split.
 */
record Challenge(String scheme, Map<String, String> params) {

    boolean isBasic() {
        return scheme.equals("basic");
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    String param(String name) {
        return params.get(name);
    }

    /** The first challenge we can answer (Bearer preferred over Basic) among all the header values. */
    static Optional<Challenge> pick(List<String> headerValues) {
        Challenge basic = null;
        for (var value : headerValues) {
            for (var challenge : parseAll(value)) {
                if (challenge.isBearer()) {
                    return Optional.of(challenge);
                }
                if (challenge.isBasic() && basic == null) {
                    basic = challenge;
                }
            }
        }
        return Optional.ofNullable(basic);
    }

    /** Parses a header value that may hold several challenges (`Basic realm="a", Bearer realm="b"`). */
    static List<Challenge> parseAll(String header) {
        var out = new ArrayList<Challenge>();
        var p = new Tokens(header);
        while (true) {
            p.skipSeparators();
            var scheme = p.token();
            if (scheme.isEmpty()) {
                break;
            }
            var params = new LinkedHashMap<String, String>();
            while (true) {
                p.skipSpaces();
                int mark = p.pos;
                var name = p.token();
                p.skipSpaces();
                if (name.isEmpty() || !p.consume('=')) {
                    // not `name=`: the next challenge's scheme starts here (registries send no token68)
                    p.pos = mark;
                    break;
                }
                p.skipSpaces();
                params.put(name.toLowerCase(Locale.ROOT), p.peek() == '"' ? p.quoted() : p.token());
                p.skipSpaces();
                if (!p.consume(',')) {
                    break;
                }
            }
            out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), Map.copyOf(params)));
        }
        return out;
    }

    private static final class Tokens {
        final String s;
        int pos;

        Tokens(String s) {
            this.s = s == null ? "" : s;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        boolean consume(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            var out = new StringBuilder();
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    out.append(s.charAt(pos++));
                } else if (c == '"') {
                    break;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
        }
    }
}
