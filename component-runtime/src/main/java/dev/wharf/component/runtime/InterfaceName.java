package dev.wharf.component.runtime;

/**
 * An interface name as components import and export it, {@code namespace:package/interface@version}, split into the
 * versionless id and the version, with the semver rule linking uses: versions are compatible when their major
 * numbers agree and, below 1.0, their minor numbers too, so any 0.2.x is served by a host's 0.2.y.
 */
record InterfaceName(String id, String version) {

    static InterfaceName parse(String name) {
        int slash = name.indexOf('/');
        int at = name.indexOf('@', Math.max(slash, 0));
        if (at < 0) {
            return new InterfaceName(name, null);
        }
        return new InterfaceName(name.substring(0, at), name.substring(at + 1));
    }

    /** The compatibility class of a version: "0.2" for 0.2.x, "1" for 1.x.y; a pre-release stays exact. */
    static String track(String version) {
        if (version == null) {
            return "";
        }
        if (version.indexOf('-') >= 0 || version.indexOf('+') >= 0) {
            return version;
        }
        String[] parts = version.split("\\.");
        if (parts.length == 0) {
            return version;
        }
        if (parts[0].equals("0") && parts.length > 1) {
            return "0." + parts[1];
        }
        return parts[0];
    }

    boolean compatibleWith(InterfaceName other) {
        return id.equals(other.id) && track(version).equals(track(other.version));
    }

    /** True for WASI interfaces of the 0.3 line, which need the async ABI. */
    boolean isWasi03() {
        return id.startsWith("wasi:") && "0.3".equals(track(version));
    }

    @Override
    public String toString() {
        return version == null ? id : id + "@" + version;
    }
}
