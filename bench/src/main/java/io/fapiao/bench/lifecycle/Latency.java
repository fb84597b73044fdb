package io.fapiao.bench.lifecycle;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The latency of one stage over the bills of a window: how many reached it and the percentiles, in
 * microseconds, from HdrHistogram (3 significant digits, up to 10 minutes).
 *
 * <pre>{@code
 * Latency issued = Latency.of(traces.stream().mapToLong(t -> t.micros(Stage.ISSUED)));
 * }</pre>
 */
public record Latency(long count, long p50Micros, long p95Micros, long p99Micros, long maxMicros) {

    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** The distribution of the non-negative values (a negative value means "not reached" and is skipped). */
    public static Latency of(java.util.stream.LongStream micros) {
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        micros.filter(m -> m >= 0).forEach(m -> histogram.recordValue(Math.min(m, HIGHEST_MICROS)));
        return of(histogram);
    }

    public static Latency of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0);
        }
        return new Latency(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(95),
                histogram.getValueAtPercentile(99),
                histogram.getMaxValue());
    }
}
