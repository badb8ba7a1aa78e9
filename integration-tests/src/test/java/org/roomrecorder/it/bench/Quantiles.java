package org.roomrecorder.it.bench;

import java.util.Collection;
import java.util.function.ToDoubleFunction;

/** Nearest-rank quantiles, so that every bench's median and p95 mean the same thing. */
final class Quantiles {
    private Quantiles() {
    }

    /** The nearest-rank {@code q}-quantile of the values that are known (not NaN); NaN if none is. */
    static double of(Collection<Double> values, double q) {
        double[] known = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        return known.length == 0 ? Double.NaN : known[Math.max(0, (int) Math.ceil(q * known.length) - 1)];
    }

    /** The nearest-rank {@code q}-quantile of {@code field} over the samples where it is known. */
    static <T> double of(Collection<T> samples, ToDoubleFunction<T> field, double q) {
        return of(samples.stream().map(field::applyAsDouble).toList(), q);
    }

    static double median(Collection<Double> values) {
        return of(values, 0.5);
    }
}
