package org.tongbao.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tongbao.bench.history.HistoryBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tongbao bench history}: projection rate into SQLite and PostgreSQL, statement latency with the history stored. */
@Command(name = "history", mixinStandardHelpOptions = true,
        header = "Projection rate into SQLite and PostgreSQL; statement latency.",
        description = {"Write a journal of --transfers P2P payments among --wallets wallets, time its projection into a",
            "fresh SQLite file and a fresh PostgreSQL schema, then the latency of --queries statement queries",
            "(first 50 lines of a random wallet) against each with everything stored. Last line:",
            "history sqlite_tps=<n> postgresql_tps=<n> statement_p99_ms=<x>  (p99: the worse of the two)"})
final class BenchHistoryCommand implements Callable<Integer> {
    @Option(names = "--transfers", defaultValue = "10000000", description = "Transfers in the journal (default: ${DEFAULT-VALUE}).")
    private long transfers;

    @Option(names = "--wallets", defaultValue = "1000000", description = "Wallets paying each other (default: ${DEFAULT-VALUE}).")
    private int wallets;

    @Option(names = "--queries", defaultValue = "5000", description = "Timed statement queries per database (default: ${DEFAULT-VALUE}).")
    private int queries;

    @Option(names = "--pg-url", defaultValue = HistoryBenchmark.PG_DEFAULT,
            description = "PostgreSQL to project into (schema " + HistoryBenchmark.SCHEMA + ", dropped first; default: ${DEFAULT-VALUE}).")
    private String postgresUrl;

    @Option(names = "--no-postgresql", description = "Skip PostgreSQL (its figure prints as 0).")
    private boolean skipPostgres;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated payments (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--bench-dir", description = "Where the temporary data directory goes (default: the system temp folder).")
    private Path benchDirectory;

    @Override
    public Integer call() throws Exception {
        System.out.println(Machine.describe());
        final Path parent = BenchCommand.folder(benchDirectory);
        final HistoryBenchmark.Figures figures = new HistoryBenchmark(new HistoryBenchmark.Options(transfers, wallets,
                queries, skipPostgres ? null : postgresUrl, parent, seed), System.out).run();
        System.out.printf("history sqlite_tps=%d postgresql_tps=%d statement_p99_ms=%.2f%n",
                figures.sqlite().transfersPerSecond(),
                figures.postgres() == null ? 0 : figures.postgres().transfersPerSecond(), figures.statementP99Ms());
        return 0;
    }
}
