package dev.wharf.runtime;

import java.util.ArrayList;

/**
 * Readable function names for backtraces. Rust's legacy mangling (`_ZN3std2rt4init17h<hash>E`) is
 * turned into `std::rt::init`, as wasmtime does, so a Rust trap reads like Rust; anything else is kept.
 */
final class SymbolNames {
    private SymbolNames() {}

    static String demangle(String name) {
        if (name == null || !name.startsWith("_ZN") || !name.endsWith("E")) {
            return name;
        }
        var parts = new ArrayList<String>();
        int i = 3;
        int end = name.length() - 1;
        while (i < end) {
            int lenStart = i;
            while (i < end && Character.isDigit(name.charAt(i))) {
                i++;
            }
            if (i == lenStart) {
                return name; // not the legacy scheme after all
            }
            int len = Integer.parseInt(name.substring(lenStart, i));
            if (i + len > end) {
                return name;
            }
            parts.add(name.substring(i, i + len));
            i += len;
        }
        if (parts.isEmpty()) {
            return name;
        }
        String last = parts.get(parts.size() - 1);
        if (last.length() == 17
                && last.startsWith("h")
                && last.substring(1).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            parts.remove(parts.size() - 1); // the hash that disambiguates crate versions
        }
        var out = new StringBuilder();
        for (String p : parts) {
            if (out.length() > 0) {
                out.append("::");
            }
            out.append(unescape(p));
        }
        return out.toString();
    }

    private static String unescape(String p) {
        if (p.startsWith("_$")) {
            p = p.substring(1);
        }
        return p.replace("$LT$", "<")
                .replace("$GT$", ">")
                .replace("$RF$", "&")
                .replace("$BP$", "*")
                .replace("$u20$", " ")
                .replace("$u27$", "'")
                .replace("$u5b$", "[")
                .replace("$u5d$", "]")
                .replace("$u7b$", "{")
                .replace("$u7d$", "}")
                .replace("$u3b$", ";")
                .replace("$u2b$", "+")
                .replace("$u22$", "\"")
                .replace("$C$", ",")
                .replace("..", "::");
    }
}
