package org.tongbao.kpi.forecast;

import org.tongbao.engine.Checks;

/**
 * Additive Holt-Winters with a weekly season and a damped trend (Gardner and McKenzie), for
 * daily series: level ℓ, trend b, seven seasonal terms s.
 *
 * <pre>
 *  ℓ(t) = α (y(t) − s(t−7)) + (1 − α)(ℓ(t−1) + φ b(t−1))
 *  b(t) = β (ℓ(t) − ℓ(t−1)) + (1 − β) φ b(t−1)
 *  s(t) = γ (y(t) − ℓ(t)) + (1 − γ) s(t−7)
 *  ŷ(t+h) = ℓ(t) + (φ + φ² + … + φ^h) b(t) + s(t+h−7⌈h/7⌉)
 * </pre>
 *
 * Initialised from the first two weeks: ℓ = the first week's mean, b = (second week's mean −
 * first week's mean) ÷ 7, s(i) = y(i) − ℓ for the first week's days. Needs at least
 * {@link #MIN_DAYS} days; fewer give no forecast (callers fall back to the run rate).
 *
 * <p>Defaults α = 0.2, β = 0.05, γ = 0.2, φ = 0.98: a trend that fades (the sum of φ^h never
 * exceeds φ ÷ (1 − φ) = 49 days of today's trend), so a strong month does not project an
 * exponential year. Yearly seasonality (Spring Festival, the 11.11 shopping festival) is not
 * modelled: it needs two years of history the pilot does not have yet; the weekly pattern
 * is what moves a few months' series. Pure; any thread.
 */
public final class HoltWinters {
    public static final int SEASON_DAYS = 7;
    public static final int MIN_DAYS = 2 * SEASON_DAYS;

    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;

    public HoltWinters(final double alpha, final double beta, final double gamma, final double phi) {
        Checks.checkArgument(inUnit(alpha) && inUnit(beta) && inUnit(gamma) && inUnit(phi),
                "Holt-Winters parameters must lie in [0, 1]");
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.phi = phi;
    }

    public static HoltWinters defaults() {
        return new HoltWinters(0.2, 0.05, 0.2, 0.98);
    }

    /**
     * The forecasts for the {@code horizonDays} days after {@code series} (one value a day, the
     * season aligned on the series' first day); null when the series is shorter than
     * {@link #MIN_DAYS}.
     */
    public double[] forecast(final double[] series, final int horizonDays) {
        if (series.length < MIN_DAYS) {
            return null;
        }
        double level = mean(series, 0);
        double trend = (mean(series, SEASON_DAYS) - level) / SEASON_DAYS;
        final double[] season = new double[SEASON_DAYS];
        for (int i = 0; i < SEASON_DAYS; i++) {
            season[i] = series[i] - level;
        }
        for (int t = SEASON_DAYS; t < series.length; t++) {
            final int s = t % SEASON_DAYS;
            final double previousLevel = level;
            level = alpha * (series[t] - season[s]) + (1 - alpha) * (previousLevel + phi * trend);
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
            season[s] = gamma * (series[t] - level) + (1 - gamma) * season[s];
        }
        final double[] out = new double[Math.max(0, horizonDays)];
        double damping = 0;
        double power = 1;
        for (int h = 1; h <= out.length; h++) {
            power *= phi;
            damping += power;
            out[h - 1] = level + damping * trend + season[(series.length + h - 1) % SEASON_DAYS];
        }
        return out;
    }

    /** Sum of the forecasts over the horizon (NaN when there is no forecast). */
    public double forecastSum(final double[] series, final int horizonDays) {
        final double[] values = forecast(series, horizonDays);
        if (values == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (final double value : values) {
            sum += value;
        }
        return sum;
    }

    private static double mean(final double[] series, final int from) {
        double sum = 0;
        for (int i = from; i < from + SEASON_DAYS; i++) {
            sum += series[i];
        }
        return sum / SEASON_DAYS;
    }

    private static boolean inUnit(final double value) {
        return value >= 0 && value <= 1;
    }
}
