package dev.wharf.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Readable function names for the explore page. Rust (before v0 mangling) writes symbols like
 * `_ZN4core3fmt5write17h0123456789abcdefE`; the page shows `core::fmt::write` and keeps the symbol
 * for search and the tooltip. Anything that is not exactly that shape (C++ symbols carry parameter
 * types after the `E`, C names are plain) is left as it is.
 */
final class ExploreNames {
    private static final Pattern HASH = Pattern.compile("h[0-9a-f]{16}");
    private static final Map<String, String> ESCAPES = Map.ofEntries(
            Map.entry("SP", "@"),
            Map.entry("BP", "*"),
            Map.entry("RF", "&"),
            Map.entry("LT", "<"),
            Map.entry("GT", ">"),
            Map.entry("LP", "("),
            Map.entry("RP", ")"),
            Map.entry("C", ","));

    private ExploreNames() {}

    /** The demangled path of a legacy Rust symbol, or null if `symbol` is not one. */
    static String demangle(String symbol) {
        if (symbol == null || !symbol.startsWith("_ZN") || !symbol.endsWith("E")) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        int i = 3;
        int end = symbol.length() - 1;
        while (i < end) {
            int digits = i;
            while (i < end && Character.isDigit(symbol.charAt(i))) {
                i++;
            }
            if (digits == i) {
                return null;
            }
            int length;
            try {
                length = Integer.parseInt(symbol.substring(digits, i));
            } catch (NumberFormatException e) {
                return null;
            }
            if (length <= 0 || length > end - i) {
                return null;
            }
            String ident = unescape(symbol.substring(i, i + length));
            if (ident == null) {
                return null;
            }
            parts.add(ident);
            i += length;
        }
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() > 1 && HASH.matcher(parts.get(parts.size() - 1)).matches()) {
            parts.remove(parts.size() - 1);
        }
        return String.join("::", parts);
    }

    private static String unescape(String ident) {
        if (ident.startsWith("_$")) {
            ident = ident.substring(1);
        }
        var out = new StringBuilder(ident.length());
        int i = 0;
        while (i < ident.length()) {
            char c = ident.charAt(i);
            if (c == '$') {
                int close = ident.indexOf('$', i + 1);
                if (close < 0) {
                    return null;
                }
                String code = ident.substring(i + 1, close);
                String plain = ESCAPES.get(code);
                if (plain == null && code.length() > 1 && code.charAt(0) == 'u') {
                    try {
                        plain = new String(Character.toChars(Integer.parseInt(code.substring(1), 16)));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
                if (plain == null) {
                    return null;
                }
                out.append(plain);
                i = close + 1;
            } else if (c == '.' && i + 1 < ident.length() && ident.charAt(i + 1) == '.') {
                out.append("::");
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
