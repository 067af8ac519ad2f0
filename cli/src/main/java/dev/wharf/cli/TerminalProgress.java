package dev.wharf.cli;

import dev.wharf.oci.Progress;
import java.io.PrintStream;
import java.util.Locale;

/** Progress bars for transfers, drawn on stderr when a person is watching; nothing otherwise. */
final class TerminalProgress implements Progress.Factory {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;

    private TerminalProgress(PrintStream out) {
        this.out = out;
    }

    /** Bars when the JVM has a terminal (System.console(), and on JDK 22+ Console.isTerminal()); else silence. */
    static Progress.Factory forConsole() {
        var console = System.console();
        if (console == null) {
            return Progress.Factory.NONE;
        }
        try {
            // JDK 22+ may hand out a Console for redirected streams; isTerminal() tells (absent on 21)
            var isTerminal = console.getClass().getMethod("isTerminal");
            if (!(Boolean) isTerminal.invoke(console)) {
                return Progress.Factory.NONE;
            }
        } catch (ReflectiveOperationException e) {
            // JDK 21: a non-null console is a terminal
        }
        return new TerminalProgress(System.err);
    }

    @Override
    public Progress start(String label, long totalBytes) {
        return new Bar(label, totalBytes);
    }

    private final class Bar implements Progress {
        private final String label;
        private final long total;
        private long done;
        private long lastDraw;

        Bar(String label, long total) {
            this.label = label;
            this.total = total;
            draw();
        }

        @Override
        public synchronized void advance(long bytes) {
            done += bytes;
            long now = System.nanoTime();
            if (now - lastDraw > REDRAW_NANOS) {
                lastDraw = now;
                draw();
            }
        }

        @Override
        public synchronized void close() {
            draw();
            out.println();
            out.flush();
        }

        private void draw() {
            double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            out.print(String.format(
                    Locale.ROOT,
                    "\r%-32s [%s%s] %3d%% %s / %s",
                    label,
                    "#".repeat(filled),
                    ".".repeat(WIDTH - filled),
                    Math.round(fraction * 100),
                    human(done),
                    human(total)));
            out.flush();
        }
    }

    static String human(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
