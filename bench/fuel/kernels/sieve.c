// Sieve of Eratosthenes: byte stores, strided inner loops and branches.
// run(n) counts the primes below n (n at most 1 << 22), sieving from scratch each call.
#define LIMIT (1 << 22)
static unsigned char composite[LIMIT];

int run(int n) {
    if (n > LIMIT) n = LIMIT;
    for (int i = 0; i < n; i++) composite[i] = 0;
    int count = 0;
    for (int i = 2; i < n; i++) {
        if (composite[i]) continue;
        count++;
        for (long long j = (long long)i * i; j < n; j += i) composite[j] = 1;
    }
    return count;
}
