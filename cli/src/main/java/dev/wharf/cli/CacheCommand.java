package dev.wharf.cli;

import dev.wharf.runtime.CompileCache;
import dev.wharf.runtime.WharfLog;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `wharf cache info|clear`: where compiled code is kept, how much, and a way to drop it. */
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        description = {"Show or clear the compile cache.", "The cache lives in WHARF_CACHE_DIR, else ~/.cache/wharf."},
        subcommands = {CacheCommand.Info.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Show the cache directory, entry count and size.")
    static final class Info implements Callable<Integer> {
        @Override
        public Integer call() {
            var cache = CompileCache.atDefaultLocation(WharfLog.off());
            try {
                var stats = cache.stats();
                System.out.printf(
                        "compile cache: %s%nentries:       %d%nsize:          %s%n",
                        stats.directory(), stats.entries(), humanBytes(stats.bytes()));
                return 0;
            } catch (IOException e) {
                throw new Failure("cannot read the compile cache at " + cache.directory() + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Delete every compiled entry.")
    static final class Clear implements Callable<Integer> {
        @Override
        public Integer call() {
            var cache = CompileCache.atDefaultLocation(WharfLog.off());
            try {
                int n = cache.clear();
                System.out.printf("removed %d entr%s from %s%n", n, n == 1 ? "y" : "ies", cache.directory());
                return 0;
            } catch (IOException e) {
                throw new Failure("cannot clear the compile cache at " + cache.directory() + ": " + e.getMessage(), e);
            }
        }
    }

    static String humanBytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
