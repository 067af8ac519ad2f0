// Call-heavy code: naive recursive Fibonacci, a function call for every few instructions. The metered
// module writes the counter back to its global before each call and reads it after, so this is the
// worst case for metering overhead, not a typical one.
__attribute__((noinline)) static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int run(int n) { return fib(n); }
