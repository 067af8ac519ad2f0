// Sieve of Eratosthenes over 8 million numbers (one byte each), `reps` times: tight loops of byte
// stores with a stride, then a counting scan.
#include <stdint.h>
#include <string.h>

#define LIMIT 8000000u
static uint8_t composite[LIMIT + 1];

__attribute__((export_name("bench"))) uint64_t bench(int reps) {
    uint64_t acc = 0;
    for (int r = 0; r < reps; r++) {
        memset(composite, 0, sizeof composite);
        for (uint32_t i = 2; i * i <= LIMIT; i++)
            if (!composite[i])
                for (uint32_t j = i * i; j <= LIMIT; j += i) composite[j] = 1;
        uint32_t count = 0, last = 0;
        for (uint32_t i = 2; i <= LIMIT; i++)
            if (!composite[i]) { count++; last = i; }
        acc = acc * 31 + ((uint64_t)count << 32 | last);
    }
    return acc;
}
