package org.tongbao.kpi;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.tongbao.engine.Checks;

/**
 * What a data directory stands for, kept in {@code DIR/pilot.properties}: {@code scale}, the
 * fraction of the city its pilot covers (the simulator writes its {@code --scale}; a real
 * pilot has no file, which reads as the whole city). The city's KPI targets are for the whole
 * city, so the commands that evaluate them ({@code kpi}, {@code serve}, {@code demo}) scale the
 * targets by it ({@link KpiConfig#scaledTo}). Immutable; any thread.
 *
 * @param scale the fraction of the city, above 0 and at most 1
 */
public record PilotProperties(double scale) {
    public static final String FILE_NAME = "pilot.properties";
    /** A data directory without the file: the whole city. */
    public static final PilotProperties WHOLE_CITY = new PilotProperties(1);

    public PilotProperties {
        Checks.checkArgument(scale > 0 && scale <= 1, "the pilot's scale must be above 0 and at most 1, not " + scale);
    }

    /** The file of {@code data}, or {@link #WHOLE_CITY} when there is none. */
    public static PilotProperties read(final Path data) {
        final Path file = data.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return WHOLE_CITY;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final String scale = properties.getProperty("scale", "1").trim();
        try {
            return new PilotProperties(Double.parseDouble(scale));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": scale must be a number above 0 and at most 1, not '" + scale + "'");
        }
    }

    /** Writes the file into {@code data} (created if needed), replacing any earlier one. */
    public void write(final Path data) {
        final String text = "# What this data directory stands for (written by the pilot simulator).\n"
                + "# scale: the fraction of the city simulated; 'tongbao kpi', 'serve' and 'demo' scale the\n"
                + "# city's KPI targets by it.\n"
                + "scale=" + BigDecimal.valueOf(scale).stripTrailingZeros().toPlainString() + "\n";
        try {
            Files.createDirectories(data);
            Files.writeString(data.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + data.resolve(FILE_NAME), e);
        }
    }

    /** True for a fraction of the city, false for all of it. */
    public boolean scaled() {
        return scale < 1;
    }

    /** The scale as people read it: "0.05% of the city". */
    public String label() {
        return BigDecimal.valueOf(scale).movePointRight(2).stripTrailingZeros().toPlainString() + "% of the city";
    }

    /** The KPI configuration with its targets scaled to this pilot. */
    public KpiConfig apply(final KpiConfig config) {
        return config.scaledTo(scale);
    }
}
