package org.tongbao.server.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.tongbao.sim.PilotSimulator;
import org.tongbao.sim.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tongbao simulate}: a year of the pilot through the durable ledger, then reported against simulated figures. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Simulate a year of the pilot, calibrated to the reported figures.",
        description = {"Simulate a year of Suzhou's e-CNY pilot through the ledger (journaled, aggregated by the KPI",
            "platform), calibrated to the reported figures at --scale; then print each reported figure beside",
            "the simulated one. The same --seed gives the same journal head hash."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--year", required = true, description = "2022 (the reported year) or 2023 (on course for the targets).")
    private int year;

    @Option(names = "--until", description = "Stop after this day (YYYY-MM-DD, in the simulated year).")
    private LocalDate until;

    @Option(names = "--scale", defaultValue = "0.001",
            description = "Fraction of the city: amounts and counts scale by it (default: ${DEFAULT-VALUE}; 1 = the full pilot).")
    private double scale;

    @Option(names = "--seed", defaultValue = "2022", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--data", required = true, description = "A new (or empty) data directory.")
    private Path data;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--discard-covered-journal",
            description = {"For timing runs too large for the disk (the full-scale year is about 60 GB of journal):",
                "every 30 days take a snapshot and delete the journal segments and older snapshots it covers.",
                "The directory then recovers and verifies only from its newest snapshot (verify --from-snapshot)."})
    private boolean discardCoveredJournal;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new IllegalArgumentException("--format must be table or json, not " + format);
        }
        requireEmpty(data);
        if (discardCoveredJournal) {
            System.err.println("--discard-covered-journal: journal segments covered by a snapshot are deleted as the run"
                    + " goes; " + data + " will verify only from its newest snapshot, not from genesis");
        }
        final PilotSimulator simulator = new PilotSimulator(new PilotSimulator.Options(year, until, scale, seed, discardCoveredJournal));
        final SimulationReport report = simulator.run(data, new ProgressBar(System.err, "simulating " + year));
        if (format.equals("json")) {
            report.printJson(System.out);
        } else {
            report.printTable(System.out);
        }
        return 0;
    }

    static void requireEmpty(final Path directory) throws java.io.IOException {
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(directory + " already holds data: simulate into a new or empty"
                            + " directory (choose another --data)");
                }
            }
        }
    }

    /**
     * Progress on the terminal: a bar with rate and time left, redrawn in place; when the output
     * is not a terminal, a plain line every tenth of the run.
     */
    static final class ProgressBar implements PilotSimulator.Progress {
        private static final int WIDTH = 30;

        private final PrintStream out;
        private final String label;
        private final boolean terminal = System.console() != null;
        private final long startNs = System.nanoTime();
        private long lastDrawNs;
        private int lastTenth = -1;

        ProgressBar(final PrintStream out, final String label) {
            this.out = out;
            this.label = label;
        }

        @Override
        public void day(final LocalDate day, final int dayIndex, final int days, final long commands) {
            final double done = (dayIndex + 1) / (double) days;
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            final long rate = seconds == 0 ? 0 : Math.round(commands / seconds);
            final long leftSeconds = Math.round(seconds / done * (1 - done));
            if (terminal) {
                if (System.nanoTime() - lastDrawNs < 200_000_000L && dayIndex + 1 < days) {
                    return;
                }
                lastDrawNs = System.nanoTime();
                final int filled = (int) Math.round(done * WIDTH);
                out.printf("\r%s %s [%s%s] %3.0f%%  %,d commands  %,d/s  ETA %d:%02d ", label, day,
                        "=".repeat(filled), " ".repeat(WIDTH - filled), 100 * done, commands, rate, leftSeconds / 60,
                        leftSeconds % 60);
                if (dayIndex + 1 == days) {
                    out.println();
                }
                return;
            }
            final int tenth = (int) (done * 10);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.printf("%s: %s, %3.0f%%, %,d commands, %,d/s, about %d s left%n", label, day, 100 * done, commands,
                        rate, leftSeconds);
            }
        }
    }
}
