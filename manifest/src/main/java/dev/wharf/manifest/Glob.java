package dev.wharf.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File globs as Spin writes them, over '/'-separated paths relative to the app directory: {@code *} and
 * {@code ?} stay inside one segment, {@code **} crosses segments and {@code **}{@code /} also matches no
 * directory at all (so {@code static/**}{@code /*} matches {@code static/a.txt}, which java.nio's glob does
 * not), plus {@code [abc]} and {@code {a,b}}.
 */
final class Glob {
    private final String text;
    private final Pattern regex;

    Glob(String text) {
        this.text = text;
        this.regex = Pattern.compile(toRegex(text));
    }

    String text() {
        return text;
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    /** The directories before the first segment with a wildcard: only they need walking. */
    String literalDirectory() {
        var segments = text.split("/");
        var out = new ArrayList<String>();
        for (int i = 0; i < segments.length - 1; i++) {
            if (hasMeta(segments[i])) {
                break;
            }
            out.add(segments[i]);
        }
        return String.join("/", out);
    }

    /** Regular files under base matching this glob, as '/'-separated paths relative to base, sorted. */
    List<String> expand(Path base) {
        var start = literalDirectory().isEmpty() ? base : base.resolve(literalDirectory());
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> relative(base, p))
                    .filter(this::matches)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    static boolean hasMeta(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    static String toRegex(String glob) {
        var out = new StringBuilder();
        int i = 0;
        boolean inGroup = false;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        if (i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
                            out.append("(?:.*/)?");
                            i += 3;
                        } else {
                            out.append(".*");
                            i += 2;
                        }
                        continue;
                    }
                    out.append("[^/]*");
                }
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        out.append("\\[");
                    } else {
                        var body = glob.substring(i + 1, close);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        out.append('[')
                                .append(body.replace("\\", "\\\\").replace("[", "\\["))
                                .append(']');
                        i = close;
                    }
                }
                case '{' -> {
                    out.append("(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        out.append(')');
                        inGroup = false;
                    } else {
                        out.append("\\}");
                    }
                }
                case ',' -> out.append(inGroup ? "|" : ",");
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        if (inGroup) {
            throw new IllegalArgumentException("unclosed '{' in glob \"" + glob + "\"");
        }
        return out.toString();
    }
}
