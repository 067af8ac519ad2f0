package dev.wharf.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WharfExceptionTest {
    /** A subclass with a typed field, composing its line from it as the modules' exceptions do. */
    private static final class CountException extends WharfException {
        private final int count;

        CountException(int count) {
            super("unused");
            this.count = count;
        }

        @Override
        public String line() {
            return "count " + count + " is too large";
        }
    }

    @Test
    void withoutContextTheMessageIsTheLine() {
        var e = new WharfException("app.wasm: no such file");
        assertEquals("app.wasm: no such file", e.getMessage());
        assertEquals("app.wasm: no such file", e.line());
        assertEquals(List.of(), e.context());
        assertEquals(WharfException.EXIT_FAILURE, e.exitCode());
    }

    @Test
    void contextAddedOnTheWayUpComesFirstOutermostFirst() {
        var e = new WharfException("manifest unknown");
        assertSame(e, e.context("fetching the manifest"));
        e.context("pulling 127.0.0.1:5000/a:1");
        assertEquals(List.of("pulling 127.0.0.1:5000/a:1", "fetching the manifest"), e.context());
        assertEquals("pulling 127.0.0.1:5000/a:1: fetching the manifest: manifest unknown", e.getMessage());
        assertEquals("manifest unknown", e.line());
    }

    @Test
    void aRemedyACallerKnowsFollowsTheLine() {
        var e = new WharfException("app/api.wasm: no such file").context("component `api`");
        assertSame(e, e.remedy("run `wharf up --build` to build it first"));
        assertEquals(
                "component `api`: app/api.wasm: no such file (run `wharf up --build` to build it first)",
                e.getMessage());
        e.remedy("or give its path");
        assertEquals("run `wharf up --build` to build it first; or give its path", e.remedy());
    }

    @Test
    void blankContextIsIgnored() {
        var e = new WharfException("x").context("").context(null);
        assertEquals("x", e.getMessage());
    }

    @Test
    void aSubclassComposesItsLineFromItsFieldsAndKeepsThem() {
        var e = new CountException(7);
        e.context("reading the type section");
        assertEquals("reading the type section: count 7 is too large", e.getMessage());
        assertEquals(7, e.count);
        assertEquals(
                "dev.wharf.errors.WharfExceptionTest$CountException: reading the type section: count 7 is "
                        + "too large",
                e.toString());
    }

    @Test
    void theExitCodeIsTheThrowersUnlessACallerKnowsBetterAndTheCauseStays() {
        var cause = new IOException("refused");
        var e = new WharfException(WharfException.EXIT_FAILURE, "bad", cause);
        assertSame(e, e.withExitCode(WharfException.EXIT_USAGE));
        assertEquals(2, e.exitCode());
        assertSame(cause, e.getCause());
    }
}
