package dev.wharf.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CacheRootTest {
    @Test
    void theSystemPropertyWinsThenTheEnvironmentThenXdgThenHome() {
        String previous = System.getProperty("wharf.cache.dir");
        try {
            System.setProperty("wharf.cache.dir", "/srv/wharf-cache");
            assertEquals(Path.of("/srv/wharf-cache"), CacheRoot.resolve());
            System.clearProperty("wharf.cache.dir");
            String env = System.getenv("WHARF_CACHE_DIR");
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path expected = env != null && !env.isBlank()
                    ? Path.of(env)
                    : xdg != null && !xdg.isBlank()
                            ? Path.of(xdg, "wharf")
                            : Path.of(System.getProperty("user.home"), ".cache", "wharf");
            assertEquals(expected, CacheRoot.resolve());
        } finally {
            if (previous == null) {
                System.clearProperty("wharf.cache.dir");
            } else {
                System.setProperty("wharf.cache.dir", previous);
            }
        }
    }
}
