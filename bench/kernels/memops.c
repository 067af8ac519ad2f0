// memcpy/memset/memmove-heavy code over a 4 MiB arena: block sizes from 8 bytes to 64 KiB, aligned and
// unaligned, overlapping moves. With clang-19's default features (no bulk-memory) these are wasi-libc's
// own copy loops compiled to wasm, which is what most C and Rust programs ship today.
#include <stdint.h>
#include <string.h>

#define ARENA (4u << 20)
static uint8_t arena[ARENA];

__attribute__((export_name("bench"))) uint64_t bench(int ops) {
    uint32_t x = 2024;
    memset(arena, 0x5a, ARENA);
    uint64_t acc = 0;
    for (int i = 0; i < ops; i++) {
        x = x * 1103515245u + 12345u;
        uint32_t size = 8u << ((x >> 8) % 14);          // 8 B .. 64 KiB
        size += (x >> 4) & 7;                            // and not always aligned
        uint32_t src = (x >> 3) % (ARENA - size);
        x = x * 1103515245u + 12345u;
        uint32_t dst = (x >> 3) % (ARENA - size);
        switch (x & 3) {
            case 0: memset(arena + dst, (int)(x >> 24), size); break;
            case 1: memmove(arena + dst, arena + src, size); break;
            case 2: { uint32_t near = src + (x >> 20) % 64; if (near + size <= ARENA) memmove(arena + near, arena + src, size); break; }
            default: memcpy(arena + dst, arena + (dst + size + 64 <= src || src + size + 64 <= dst ? src : (dst + ARENA / 2) % (ARENA - size)), size); break;
        }
        acc = acc * 1099511628211ull ^ arena[(x >> 5) % ARENA] ^ (uint64_t)arena[dst] << 8;
    }
    return acc;
}
