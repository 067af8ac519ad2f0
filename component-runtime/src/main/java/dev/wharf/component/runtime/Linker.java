package dev.wharf.component.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host interfaces components can import, found by name and semver: an import of {@code wasi:io/streams@0.2.6}
 * is served by a host's {@code wasi:io/streams@0.2.12} (same major, and below 1.0 the same minor), so binaries that
 * mix 0.2.0, 0.2.3 and 0.2.12 imports link against one implementation. A plan resolves every import here before
 * anything runs; what is missing is refused with a line naming the interface and function.
 */
public final class Linker {
    private final List<HostInterface> interfaces = new ArrayList<>();
    private final Map<String, HostFunc> functions = new LinkedHashMap<>();

    public Linker define(HostInterface iface) {
        interfaces.add(iface);
        return this;
    }

    /** A function a component imports by a plain name at the top of its world ({@code import log: func(...)}). */
    public Linker defineFunction(HostFunc function) {
        functions.put(function.name(), function);
        return this;
    }

    /** The interface serving an import of this name, or null. Among compatible versions the highest wins. */
    HostInterface find(String importName) {
        var wanted = InterfaceName.parse(importName);
        HostInterface best = null;
        for (HostInterface i : interfaces) {
            if (i.interfaceName().compatibleWith(wanted)
                    && (best == null
                            || compareVersions(
                                            i.interfaceName().version(),
                                            best.interfaceName().version())
                                    > 0)) {
                best = i;
            }
        }
        return best;
    }

    List<HostInterface> interfaces() {
        return interfaces;
    }

    HostFunc function(String name) {
        return functions.get(name);
    }

    /** Why an interface import cannot be served: one line for the user. */
    String whyMissing(String importName, String firstFunction) {
        var wanted = InterfaceName.parse(importName);
        String what =
                "imports `" + importName + "`" + (firstFunction != null ? " (function `" + firstFunction + "`)" : "");
        if (wanted.isWasi03()) {
            return what + ": WASI 0.3 is not supported yet (Wharf serves the WASI 0.2 interfaces); build the component "
                    + "for WASI 0.2 (wasm32-wasip2)";
        }
        for (HostInterface i : interfaces) {
            if (i.interfaceName().id().equals(wanted.id())) {
                return what + ", but Wharf provides version "
                        + i.interfaceName().version() + ", which is not compatible";
            }
        }
        if (wanted.id().startsWith("wasi:")) {
            return what + ", which Wharf does not provide (no WASI 0.2 host interface of that name is linked)";
        }
        return what + ", which Wharf does not provide";
    }

    private static int compareVersions(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String[] x = a.split("[.+-]");
        String[] y = b.split("[.+-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            try {
                int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
                if (c != 0) {
                    return c;
                }
            } catch (NumberFormatException e) {
                int c = x[i].compareTo(y[i]);
                if (c != 0) {
                    return c;
                }
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
