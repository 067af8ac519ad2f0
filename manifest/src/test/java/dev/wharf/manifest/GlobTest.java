package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobTest {
    @TempDir
    Path tmp;

    @Test
    void doubleStarSlashAlsoMatchesNoDirectory() {
        var g = new Glob("static/**/*");
        assertTrue(g.matches("static/a.txt"));
        assertTrue(g.matches("static/css/deep/a.css"));
        assertFalse(g.matches("statics/a.txt"));
        assertFalse(g.matches("other/static/a.txt"));
    }

    @Test
    void singleStarAndQuestionMarkStayInOneSegment() {
        assertTrue(new Glob("*.html").matches("index.html"));
        assertFalse(new Glob("*.html").matches("docs/index.html"));
        assertTrue(new Glob("img?.png").matches("img1.png"));
        assertFalse(new Glob("img?.png").matches("img/.png"));
        assertTrue(new Glob("**/*.c").matches("main.c"));
        assertTrue(new Glob("**/*.c").matches("src/lib/util.c"));
        assertTrue(new Glob("src/**").matches("src/a/b"));
    }

    @Test
    void classesAlternativesAndLiterals() {
        assertTrue(new Glob("[ab].txt").matches("a.txt"));
        assertFalse(new Glob("[!ab].txt").matches("a.txt"));
        assertTrue(new Glob("*.{png,jpg}").matches("x.jpg"));
        assertFalse(new Glob("*.{png,jpg}").matches("x.gif"));
        assertTrue(new Glob("a+b (1).txt").matches("a+b (1).txt"));
        assertFalse(new Glob("a.txt").matches("abtxt"));
    }

    @Test
    void expansionWalksOnlyFromTheLiteralDirectory() {
        var dir = new AppDir(tmp)
                .file("static/a.txt", "a")
                .file("static/sub/b.txt", "b")
                .file("other/c.txt", "c");
        assertEquals("static", new Glob("static/**/*").literalDirectory());
        assertEquals(List.of("static/a.txt", "static/sub/b.txt"), new Glob("static/**/*").expand(dir.dir));
        assertEquals(List.of("other/c.txt", "static/a.txt", "static/sub/b.txt"), new Glob("**/*.txt").expand(dir.dir));
        assertEquals(List.of(), new Glob("missing/*").expand(dir.dir));
    }
}
