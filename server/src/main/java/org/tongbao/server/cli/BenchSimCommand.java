package org.tongbao.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tongbao.sim.PilotSimulator;
import org.tongbao.sim.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tongbao bench sim}: a bounded simulator run, timed end to end (generation, journal, ledger, KPI). */
@Command(name = "sim", mixinStandardHelpOptions = true,
        header = "The simulator timed end to end.",
        description = {"Simulate 2022 from 1 January to --until at --scale into a temporary data directory (deleted",
            "afterwards) and time it end to end: generation, fsync'd journal, ledger, KPI aggregation. Last line:",
            "sim scale=<s> transfers=<n> seconds=<x> tps=<n>  (transfers: the KPI's transaction count)"})
final class BenchSimCommand implements Callable<Integer> {
    @Option(names = "--scale", defaultValue = "0.01", description = "Fraction of the city (default: ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--until", defaultValue = "2022-03-31", description = "Last simulated day of 2022 (default: ${DEFAULT-VALUE}).")
    private LocalDate until;

    @Option(names = "--seed", defaultValue = "2022", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--bench-dir", description = "Where the temporary data directory goes (default: the system temp folder).")
    private Path benchDirectory;

    @Override
    public Integer call() throws Exception {
        System.out.println(Machine.describe());
        final Path parent = BenchCommand.folder(benchDirectory);
        Files.createDirectories(parent);
        final Path data = Files.createTempDirectory(parent, "tongbao-bench-sim-");
        try {
            final SimulationReport report = new PilotSimulator(new PilotSimulator.Options(2022, until, scale, seed))
                    .run(data, new SimulateCommand.ProgressBar(System.err, "bench sim"));
            System.out.printf("  %,d commands (%,d transactions) in %.1f s: %,d commands/s%n", report.commands(),
                    report.transactions(), report.seconds(), report.commandsPerSecond());
            System.out.printf("sim scale=%s transfers=%d seconds=%.1f tps=%d%n", scale, report.transactions(),
                    report.seconds(), report.transactionsPerSecond());
            return 0;
        } finally {
            deleteTree(data);
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
