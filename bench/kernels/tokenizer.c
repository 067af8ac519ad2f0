// A JSON-like tokenizer over 1 MiB of generated text: byte-at-a-time scanning with a switch on the
// character, string escapes, number parsing and keyword matching, i.e. branchy parser code.
#include <stdint.h>
#include <string.h>

#define TEXT_BYTES (1u << 20)
static char text[TEXT_BYTES + 64];
static uint32_t text_len;

static uint32_t rng = 99;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 16; }

static void put(const char *s) { while (*s && text_len < TEXT_BYTES) text[text_len++] = *s++; }
static void put_num(uint32_t v) {
    char tmp[12]; int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n && text_len < TEXT_BYTES) text[text_len++] = tmp[--n];
}

static void generate(void) {
    static const char *keys[] = {"id", "name", "value", "tags", "enabled", "weight", "children", "path"};
    static const char *words[] = {"alpha", "beta", "gam\\\"ma", "delta\\n", "epsilon", "zeta\\u00e9", "eta", "theta"};
    put("[");
    while (text_len < TEXT_BYTES - 256) {
        put("{");
        int fields = 2 + next() % 6;
        for (int f = 0; f < fields; f++) {
            if (f) put(", ");
            put("\""); put(keys[next() % 8]); put("\": ");
            switch (next() % 6) {
                case 0: put_num(next()); break;
                case 1: put("-"); put_num(next() % 1000); put("."); put_num(next() % 100000); break;
                case 2: put("\""); put(words[next() % 8]); put(" "); put(words[next() % 8]); put("\""); break;
                case 3: put(next() & 1 ? "true" : "false"); break;
                case 4: put("null"); break;
                default: put("[1, 2, \""); put(words[next() % 8]); put("\", 3.5e"); put_num(next() % 20); put("]"); break;
            }
        }
        put("},\n");
    }
    put("{}]");
    text[text_len] = 0;
}

enum { T_PUNCT, T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL, T_ERROR, T_KINDS };

static uint64_t tokenize(uint32_t counts[T_KINDS]) {
    uint64_t hash = 1469598103934665603ull;
    const char *p = text, *end = text + text_len;
    while (p < end) {
        char c = *p;
        switch (c) {
            case ' ': case '\n': case '\t': case '\r': p++; continue;
            case '{': case '}': case '[': case ']': case ':': case ',':
                counts[T_PUNCT]++; hash = (hash ^ (uint8_t)c) * 1099511628211ull; p++; break;
            case '"': {
                uint32_t len = 0; p++;
                while (p < end && *p != '"') {
                    if (*p == '\\') {
                        p++;
                        if (*p == 'u') p += 4;
                    }
                    p++; len++;
                }
                p++;
                counts[T_STRING]++; hash = (hash ^ len) * 1099511628211ull; break;
            }
            case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
                int neg = c == '-'; if (neg) p++;
                int64_t whole = 0, frac = 0; int exp = 0;
                while (*p >= '0' && *p <= '9') whole = whole * 10 + (*p++ - '0');
                if (*p == '.') { p++; while (*p >= '0' && *p <= '9') frac = frac * 10 + (*p++ - '0'); }
                if (*p == 'e' || *p == 'E') { p++; while (*p >= '0' && *p <= '9') exp = exp * 10 + (*p++ - '0'); }
                counts[T_NUMBER]++;
                hash = (hash ^ (uint64_t)(neg ? -whole : whole) ^ (uint64_t)frac << 20 ^ (uint64_t)exp << 50) * 1099511628211ull;
                break;
            }
            case 't': if (!memcmp(p, "true", 4)) { counts[T_TRUE]++; p += 4; break; } counts[T_ERROR]++; p++; break;
            case 'f': if (!memcmp(p, "false", 5)) { counts[T_FALSE]++; p += 5; break; } counts[T_ERROR]++; p++; break;
            case 'n': if (!memcmp(p, "null", 4)) { counts[T_NULL]++; p += 4; break; } counts[T_ERROR]++; p++; break;
            default: counts[T_ERROR]++; p++; break;
        }
    }
    return hash;
}

__attribute__((export_name("bench"))) uint64_t bench(int passes) {
    if (!text_len) generate();
    uint64_t acc = 0;
    for (int i = 0; i < passes; i++) {
        uint32_t counts[T_KINDS] = {0};
        uint64_t h = tokenize(counts);
        for (int k = 0; k < T_KINDS; k++) h = (h ^ counts[k]) * 1099511628211ull;
        acc += h;
    }
    return acc;
}
