package dev.wharf.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.binary.ParsedModule;
import dev.wharf.wat.WatExternalTools;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explore page, rendered by real headless Chromium. */
class ExplorePageTest {
    private static final Pattern FUNCTION_ROW = Pattern.compile("<tr id=\"f(\\d+)\"");

    @TempDir
    Path dir;

    @Test
    void hostileNamesAreShownAsTextAndNoneOfTheirMarkupOrScriptTakesEffect() throws Exception {
        ParsedModule parsed = ParsedModule.read(WatExternalTools.fixture("print_hostile_names"));
        Path page = dir.resolve("hostile.explore.html");
        ExplorePage.of(parsed).writeTo(page);

        String dom = WatExternalTools.renderedDom(page.toUri().toString(), dir);
        // the script ran: it built one row per defined function
        assertEquals(List.of(1, 2, 3), rows(dom));
        // nothing the names carry became an element or an attribute
        assertTrue(dom.contains("<body>"), "the body gained attributes: " + between(dom, "<body", ">"));
        assertFalse(dom.contains("data-pwned"), dom);
        for (String tag : List.of("<img", "<svg", "<iframe", "<b>", "<i>")) {
            assertFalse(dom.contains(tag), () -> "injected " + tag + " element in:\n" + dom);
        }
        assertEquals(2, count(dom, "<script"), "only the page's own data and script elements");
        // ... and it is all there as text
        assertTrue(dom.contains("&lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;"), dom);
        assertTrue(dom.contains("&lt;img/src=x/onerror=document.body.dataset.pwned=2&gt;"), dom);
        assertTrue(dom.contains("\"&gt;&lt;svg/onload=document.body.dataset.pwned=3&gt;"), dom);
        assertTrue(dom.contains("&lt;iframe srcdoc=x&gt;"), dom);
        assertTrue(dom.contains("&amp;lt&amp;gt&lt;!--"), "an entity-like name stays literal text: " + dom);
        // the WAT panel shows the first (largest) function with its identifiers as text
        assertTrue(between(dom, "id=\"wat\"", "</pre>").contains("$&lt;i&gt;x&lt;/i&gt;"), dom);
    }

    @Test
    void aRealProgramGetsARowForEveryFunctionAndTheLinkedFunctionsWat() throws Exception {
        ParsedModule parsed = ParsedModule.read(WatExternalTools.fixture("hello_rust"));
        int defined = parsed.wasm().functionSection().functionCount();
        Path page = dir.resolve("hello_rust.explore.html");
        ExplorePage.of(parsed).writeTo(page);

        // open the page at one function, as the export links and shared links do
        int target = parsed.importedFunctionCount() + defined / 2;
        String dom = WatExternalTools.renderedDom(page.toUri() + "#f" + target, dir);
        List<Integer> rows = rows(dom);
        assertEquals(defined, rows.size(), "one row per defined function");
        assertEquals(defined, rows.stream().distinct().count());
        String wat = between(dom, "id=\"wat\"", "</pre>");
        assertTrue(wat.contains("(;" + target + ";)"), () -> "function " + target + " is shown: " + wat);
        String name = parsed.functionName(target).orElseThrow();
        String shown = ExploreNames.demangle(name) != null ? ExploreNames.demangle(name) : name;
        assertTrue(between(dom, "id=\"viewer-title\"", "</span>").contains(ExplorePage.Html.text(shown)), dom);
        // the header identifies the file by its digest
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(parsed.source().bytes());
        assertTrue(dom.contains(HexFormat.of().formatHex(digest)), "SHA-256 in the header");
    }

    @Test
    void aModuleWithThousandsOfFunctionsListsTheFirstThousandAndStillOpensAnyByLink() throws Exception {
        var wat = new StringBuilder("(module\n");
        for (int i = 0; i < 1500; i++) {
            wat.append("  (func $f")
                    .append(i)
                    .append(" (result i32)")
                    .append(" i32.const 1".repeat(1 + i % 7))
                    .append(" i32.add".repeat(i % 7))
                    .append(")\n");
        }
        Path module = WatExternalTools.wat2wasm(dir, "many", wat.append(")").toString());
        Path page = dir.resolve("many.explore.html");
        ExplorePage.of(ParsedModule.read(module)).writeTo(page);

        String dom = WatExternalTools.renderedDom(page.toUri() + "#f1499", dir);
        assertEquals(1000, rows(dom).size());
        assertTrue(between(dom, "id=\"shown\"", "</span>").contains("1500 functions, the first 1000 listed"), dom);
        assertTrue(
                between(dom, "id=\"viewer-title\"", "</span>").contains("f1499"),
                "a function beyond the list opens by link");
    }

    @Test
    void anEmptyModuleSaysSoInsteadOfShowingEmptyTables() throws Exception {
        Path module = WatExternalTools.wat2wasm(dir, "empty", "(module)");
        String html = ExplorePage.of(ParsedModule.read(module)).html();
        assertTrue(html.contains("This module defines no functions."), html);
        assertTrue(html.contains("This module imports nothing."), html);
        assertFalse(html.contains("id=\"function-rows\""), html);
    }

    @Test
    void thePageFetchesNothingAndAllowsOnlyItsOwnScript() throws Exception {
        String html = ExplorePage.of(ParsedModule.read(WatExternalTools.fixture("print_hostile_names")))
                .html();
        assertTrue(
                html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; script-src 'sha256-"),
                html);
        assertEquals(2, count(html, "<script"));
        assertTrue(html.contains("<script id=\"functions-data\" type=\"application/json\">"));
        for (String fetching : List.of("<link", "<img", "<iframe", " src=", "url(", "@import")) {
            assertFalse(html.contains(fetching), () -> "page contains " + fetching);
        }
    }

    @Test
    void functionsThatCannotBePrintedAreStillListedWithTheReason() throws Exception {
        Path module = WatExternalTools.wat2wasm(dir, "mixed", """
                (module
                  (tag $oops)
                  (func $plain (export "plain") (result i32) i32.const 7)
                  (func $vector (result i32) i32.const 1 drop throw $oops))
                """, List.of("--enable-exceptions"));
        var rows = ExploreFunctions.rows(ParsedModule.read(module));
        assertEquals(2, rows.size());
        var vector = rows.get(0);
        assertEquals("vector", vector.name());
        assertNull(vector.wat());
        assertTrue(vector.watProblem().contains("exception handling"), vector.watProblem());
        var plain = rows.get(1);
        assertEquals(List.of("plain"), plain.exports());
        assertEquals("() -> i32", plain.signature());
        assertTrue(plain.wat().startsWith("(func $plain (;0;)"), plain.wat());
        assertTrue(vector.size() > plain.size(), "largest body first");
    }

    @Test
    void embeddedJsonHidesMarkupFromTheHtmlParserAndKeepsItsValue() throws Exception {
        String json = "{\"name\":\"</script><!-- & \u2028\"}";
        String safe = ExploreFunctions.scriptSafe(json);
        for (String c : List.of("<", ">", "&", "\u2028")) {
            assertFalse(safe.contains(c), safe);
        }
        assertEquals(new ObjectMapper().readValue(json, Map.class), new ObjectMapper().readValue(safe, Map.class));
    }

    @Test
    void thePageGoesBesideTheModuleByDefault() {
        assertEquals(Path.of("dir/app.explore.html"), ExplorePage.defaultOutput(Path.of("dir/app.wasm")));
        assertEquals(Path.of("app.explore.html"), ExplorePage.defaultOutput(Path.of("app.WASM")));
        assertEquals(Path.of("dir/module.explore.html"), ExplorePage.defaultOutput(Path.of("dir/module")));
    }

    private static List<Integer> rows(String dom) {
        Matcher m = FUNCTION_ROW.matcher(dom);
        var found = new ArrayList<Integer>();
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        Collections.sort(found);
        return found;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String between(String text, String start, String end) {
        int i = text.indexOf(start);
        if (i < 0) {
            return "";
        }
        int j = text.indexOf(end, i);
        return j < 0 ? text.substring(i) : text.substring(i, j);
    }
}
