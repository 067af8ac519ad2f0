package dev.wharf.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a WAGI handler printed on stdout, read as a CGI response (RFC 3875 section 6): header lines, a blank line,
 * then the body. `Status:` sets the status, `Location:` alone makes a 302 redirect, and a response with neither
 * Content-Type nor Location is malformed, as WAGI and Spin treat it.
 */
sealed interface CgiResponse {
    /** Header sections longer than this are a broken handler, not a response. */
    int MAX_HEADER_BYTES = 32 * 1024;

    /**
     * Headers the server owns: it frames the body itself, so a handler cannot set the connection's framing.
     */
    Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "transfer-encoding",
            "upgrade",
            "te",
            "trailer",
            "content-length",
            "proxy-connection");

    record Ok(int status, List<Map.Entry<String, String>> headers, byte[] stdout, int bodyOffset)
            implements CgiResponse {
        int bodyLength() {
            return stdout.length - bodyOffset;
        }
    }

    /** Why the output is not a CGI response, for the log line (the client only sees a 500 with the request id). */
    record Malformed(String reason) implements CgiResponse {}

    static CgiResponse parse(byte[] out) {
        if (out.length == 0) {
            return new Malformed("the handler printed nothing (a WAGI handler prints `Content-Type: ...`, a blank "
                    + "line, then the body)");
        }
        var headers = new ArrayList<Map.Entry<String, String>>();
        int status = -1;
        boolean hasContentType = false;
        boolean hasLocation = false;
        int pos = 0;
        while (true) {
            int eol = indexOf(out, (byte) '\n', pos, Math.min(out.length, MAX_HEADER_BYTES + 1));
            if (eol < 0) {
                return new Malformed(
                        out.length > MAX_HEADER_BYTES
                                ? "no blank line within the first " + MAX_HEADER_BYTES
                                        + " bytes (headers too long or missing)"
                                : "no blank line after the headers (a WAGI handler prints headers, a blank line, then the body)");
            }
            int end = eol > pos && out[eol - 1] == '\r' ? eol - 1 : eol;
            if (end == pos) {
                pos = eol + 1;
                break;
            }
            String line = new String(out, pos, end - pos, StandardCharsets.UTF_8);
            pos = eol + 1;
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                return new Malformed("header line `" + abbreviate(line) + "` is not `Name: value`");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            String lower = name.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "status" -> {
                    status = parseStatus(value);
                    if (status < 0) {
                        return new Malformed("`Status: " + abbreviate(value) + "` is not a status code 100-599");
                    }
                }
                case "content-type" -> {
                    hasContentType = true;
                    headers.add(Map.entry(name, value));
                }
                case "location" -> {
                    hasLocation = true;
                    headers.add(Map.entry(name, value));
                }
                default -> {
                    if (!HOP_BY_HOP.contains(lower)) {
                        headers.add(Map.entry(name, value));
                    }
                }
            }
        }
        if (!hasContentType && !hasLocation) {
            return new Malformed("no Content-Type and no Location header");
        }
        if (status < 0) {
            status = hasLocation ? 302 : 200;
        }
        return new Ok(status, List.copyOf(headers), out, pos);
    }

    private static int parseStatus(String value) {
        int sp = value.indexOf(' ');
        String code = sp < 0 ? value : value.substring(0, sp);
        if (code.length() != 3) {
            return -1;
        }
        try {
            int n = Integer.parseInt(code);
            return n >= 100 && n <= 599 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 60) + "...";
    }
}
