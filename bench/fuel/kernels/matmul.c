// Dense matrix multiply in doubles: loads, multiply-adds and a triple loop nest.
// run(n) multiplies two n x n matrices (n at most 256) and returns a checksum of the product.
#define MAX 256
static double a[MAX * MAX], b[MAX * MAX], c[MAX * MAX];

double run(int n) {
    if (n > MAX) n = MAX;
    for (int i = 0; i < n * n; i++) {
        a[i] = (double)(i % 7) - 3.0;
        b[i] = (double)(i % 5) * 0.5;
    }
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
            c[i * n + j] = sum;
        }
    }
    double check = 0;
    for (int i = 0; i < n * n; i++) check += c[i] * (double)(i % 3);
    return check;
}
