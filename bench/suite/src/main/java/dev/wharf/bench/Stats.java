package dev.wharf.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics over timing samples, and the geometric mean the summary uses. */
record Stats(double min, double median, double p99, double max, int count) {

    static Stats of(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] s = samples.clone();
        Arrays.sort(s);
        return new Stats(s[0], percentile(s, 50), percentile(s, 99), s[s.length - 1], s.length);
    }

    static Stats of(List<Long> samples) {
        return of(samples.stream().mapToLong(Long::longValue).toArray());
    }

    /** Nearest-rank percentile of sorted samples. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double geomean(List<Double> values) {
        double logSum = 0;
        for (double v : values) {
            logSum += Math.log(v);
        }
        return Math.exp(logSum / values.size());
    }
}
