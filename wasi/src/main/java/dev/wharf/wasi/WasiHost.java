package dev.wharf.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import dev.wharf.host.HostCall;
import dev.wharf.host.HostCallListener;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Wharf's WASI preview1 host for one guest instance: stdio as fds 0-2, preopened directories as fds 3.. in the
 * order given, the granted environment and nothing else. Import {@link #hostFunctions()} into the instance; close
 * the host when the instance is done to close every file the guest left open.
 */
public final class WasiHost implements AutoCloseable {
    private final FdTable fds;
    private final Preview1 preview1;

    private WasiHost(Builder b) {
        List<Preopen> preopens = new ArrayList<>();
        for (Builder.Grant g : b.preopens) {
            preopens.add(new Preopen(realDirectory(g.host), g.host, g.guest, g.readOnly));
        }
        fds = new FdTable();
        try {
            fds.push(new Descriptor.Stdin(new StdinStream(b.stdin)));
            fds.push(new Descriptor.Output(b.stdout));
            fds.push(new Descriptor.Output(b.stderr));
            for (Preopen p : preopens) {
                fds.push(new DirDescriptor(p, List.of(), p.guestPath()));
            }
            if (b.diagnosticRoot && preopens.stream().noneMatch(p -> matchesEveryPath(p.guestPath()))) {
                Preopen root = Preopen.diagnosticRoot();
                fds.push(new DirDescriptor(root, List.of(), root.guestPath()));
            }
        } catch (WasiError e) {
            throw new IllegalStateException("cannot number stdio and preopens", e);
        }
        Sandbox sandbox = new Sandbox(List.copyOf(preopens), b.denialListener);
        preview1 = new Preview1(
                List.copyOf(b.args),
                List.copyOf(b.env),
                fds,
                sandbox,
                b.clock,
                b.random,
                b.callListener,
                StdioTerminal.IS_TERMINAL);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All 46 functions of "wasi_snapshot_preview1", bound to this host's state. */
    public HostFunction[] hostFunctions() {
        return preview1.functions();
    }

    /**
     * Only the preview1 functions named (say, the ones a module imports), so an instance built per request does not
     * build the other forty-odd each time; names that are not preview1 functions are ignored.
     */
    public HostFunction[] hostFunctions(Collection<String> names) {
        return preview1.functions(names);
    }

    /** Flushes stdout/stderr and closes every file and directory the guest still holds (not the stdio streams). */
    @Override
    public void close() {
        preview1.flushOutputs();
        fds.closeAll();
    }

    /**
     * Whether wasi-libc files every path under this preopen name: it strips leading "/" and "./" (and a lone ".")
     * before matching, so "/" and "." both become the empty prefix. A granted one of those already catches every
     * path the diagnostic root would, and since libc prefers the most recently listed of equally long prefixes, the
     * root listed after it would steal them: it is left out then.
     */
    private static boolean matchesEveryPath(String guestPath) {
        String p = guestPath;
        while (true) {
            if (p.startsWith("/")) {
                p = p.substring(1);
            } else if (p.startsWith("./")) {
                p = p.substring(2);
            } else if (p.equals(".")) {
                p = "";
            } else {
                return p.isEmpty();
            }
        }
    }

    private static Path realDirectory(Path host) {
        try {
            Path real = host.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("preopen " + host + ": not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "preopen " + host + ": cannot open the directory (" + e.getMessage() + ")", e);
        }
    }

    /**
     * wasmtime reports stdio as CHARACTER_DEVICE only when it is a terminal (UNKNOWN for pipes and files), which is
     * what makes wasi-libc line-buffer stdout on a terminal. The JVM can only tell for its own stdio.
     */
    private static final class StdioTerminal {
        /** Asked once: the JVM's console does not change, and asking reflects on Console each time. */
        static final boolean IS_TERMINAL = stdioIsTerminal();
    }

    private static boolean stdioIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from JDK 22; before that a non-null console means a terminal
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static final class SharedRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    public static final class Builder {
        private record Grant(Path host, String guest, boolean readOnly) {}

        private final List<String> args = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private final List<Grant> preopens = new ArrayList<>();
        private InputStream stdin = InputStream.nullInputStream();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private Consumer<Denial> denialListener;
        private boolean diagnosticRoot;
        private HostCallListener callListener;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;

        private Builder() {}

        /** The guest's argv, argv[0] included. */
        public Builder args(List<String> argv) {
            args.clear();
            args.addAll(argv);
            return this;
        }

        /** One environment variable; repeatable, order kept. The guest sees nothing that was not granted here. */
        public Builder env(String name, String value) {
            env.add(Objects.requireNonNull(name) + "=" + Objects.requireNonNull(value));
            return this;
        }

        /** Grants {@code hostDir} as {@code guestPath}; fds 3.. in the order given. */
        public Builder preopen(Path hostDir, String guestPath, boolean readOnly) {
            preopens.add(new Grant(Objects.requireNonNull(hostDir), Objects.requireNonNull(guestPath), readOnly));
            return this;
        }

        /** Default: empty. */
        public Builder stdin(InputStream in) {
            stdin = Objects.requireNonNull(in);
            return this;
        }

        /** Default: discarded. Flushed after every guest write. */
        public Builder stdout(OutputStream out) {
            stdout = Objects.requireNonNull(out);
            return this;
        }

        /** Default: discarded. Flushed after every guest write. */
        public Builder stderr(OutputStream err) {
            stderr = Objects.requireNonNull(err);
            return this;
        }

        public Builder denialListener(Consumer<Denial> l) {
            denialListener = l;
            return this;
        }

        /**
         * Adds, after every granted directory, a preopen named "/" that grants nothing: each path operation under it
         * fails with ENOTCAPABLE and is reported to the denial listener with the {@code --dir} that would grant it.
         * Without it wasi-libc refuses an absolute path outside every preopen by itself, and the host never learns
         * the path. For diagnostics only (tracing, debug logging): a guest that lists its preopens sees "/", and the
         * fds it opens are numbered one higher. Granted preopens keep their fd numbers. Left out when a granted
         * directory is already mounted at "/" or ".".
         */
        public Builder diagnosticRoot(boolean on) {
            diagnosticRoot = on;
            return this;
        }

        /** Sees every call as a trace line would show it ({@link HostCall#line()}); tracing costs nothing without one. */
        public Builder callListener(HostCallListener l) {
            callListener = l;
            return this;
        }

        /** The realtime clock (and "now" for timestamps). Monotonic time always comes from System.nanoTime. */
        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c);
            return this;
        }

        /** Default: one SecureRandom for every host (it is thread-safe; seeding one per host cost each request). */
        public Builder random(RandomGenerator r) {
            random = Objects.requireNonNull(r);
            return this;
        }

        public WasiHost build() {
            if (random == null) {
                random = SharedRandom.INSTANCE;
            }
            return new WasiHost(this);
        }
    }
}
