package org.tongbao.server.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.tongbao.sim.PilotSimulator;
import org.tongbao.sim.SimulationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao demo}: a living pilot in about a minute: 2023 simulated into a fresh data
 * directory up to an autumn day, the reported-versus-simulated table, and where each target
 * stands. {@code --scenario} runs the small guided scenario of the ledger's rules instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulate Suzhou's 2023 e-CNY pilot up to an autumn day at a small scale (about a minute on",
            "two cores), journaled in a fresh data directory, then show the simulated figures and the",
            "progress of every KPI target. --scenario instead walks through the ledger's rules one by one."})
final class DemoCommand implements Callable<Integer> {
    static final LocalDate UNTIL_DEFAULT = LocalDate.of(2023, 10, 15);

    @Option(names = "--data", description = "A new (or empty) data directory (default: a fresh folder under tongbao-data/).")
    private Path data;

    @Option(names = "--scale", defaultValue = "0.0005",
            description = "Fraction of the city to simulate (default: ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--until", description = "Last simulated day of 2023 (default: " + "2023-10-15" + ").")
    private LocalDate until;

    @Option(names = "--seed", defaultValue = "2023", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--scenario", description = "Run the guided scenario of the ledger's rules instead of the simulation.")
    private boolean scenario;

    @Override
    public Integer call() throws Exception {
        final Path directory = data != null ? data : Path.of("tongbao-data", "demo-" + System.currentTimeMillis());
        SimulateCommand.requireEmpty(directory);
        if (scenario) {
            return new DemoScenario(System.out, directory).run() ? 0 : 1;
        }
        final LocalDate last = until != null ? until : UNTIL_DEFAULT;
        System.out.printf("Simulating Suzhou's 2023 e-CNY pilot from 1 January to %s at scale %s into %s%n", last, scale,
                directory);
        final SimulationReport report = new PilotSimulator(new PilotSimulator.Options(2023, last, scale, seed))
                .run(directory, new SimulateCommand.ProgressBar(System.err, "simulating 2023"));
        report.printTable(System.out);
        System.out.printf("%nWhere the city's targets stand on %s:%n", last);
        new CommandLine(new TongbaoCommand()).execute("kpi", "--data", directory.toString(), "--as-of", last.toString());
        System.out.printf("%nNext: ./tongbao kpi --data %s --by district    (which districts lag)%n", directory);
        System.out.printf("      ./tongbao verify --data %s               (audit the journal)%n", directory);
        return 0;
    }
}
