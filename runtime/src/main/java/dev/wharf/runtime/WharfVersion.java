package dev.wharf.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Wharf's own version and the engine's, read from the build: the compile cache is keyed by both. */
public final class WharfVersion {
    private static final Properties PROPS = load();

    private WharfVersion() {}

    public static String wharf() {
        return PROPS.getProperty("version", "0.0.0");
    }

    public static String chicory() {
        return PROPS.getProperty("chicory", "unknown");
    }

    private static Properties load() {
        var props = new Properties();
        try (InputStream in = WharfVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the defaults: the cache key then changes, which is safe
        }
        return props;
    }
}
