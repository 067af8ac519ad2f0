// Dense f64 matrix multiply (N x N, i-k-j loop order), `reps` times: streaming loads and stores with
// a multiply-add in the inner loop. Returns the bits of the result's trace-weighted sum.
#include <stdint.h>
#include <string.h>

#define N 192
static double A[N][N], B[N][N], C[N][N];
static int filled;

__attribute__((export_name("bench"))) uint64_t bench(int reps) {
    if (!filled) {
        uint32_t x = 7;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                x = x * 1664525u + 1013904223u; A[i][j] = (double)(x >> 8) / 16777216.0 - 0.5;
                x = x * 1664525u + 1013904223u; B[i][j] = (double)(x >> 8) / 16777216.0 - 0.5;
            }
        filled = 1;
    }
    double acc = 0;
    for (int r = 0; r < reps; r++) {
        memset(C, 0, sizeof C);
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double a = A[i][k];
                for (int j = 0; j < N; j++) C[i][j] += a * B[k][j];
            }
        for (int i = 0; i < N; i++) acc += C[i][i] + C[i][(i * 7 + r) % N];
    }
    uint64_t bits;
    memcpy(&bits, &acc, sizeof bits);
    return bits;
}
