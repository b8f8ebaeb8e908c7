package org.tongbao.bench.history;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.history.projection.HistoryProjector;
import org.tongbao.history.query.HistoryQueries;
import org.tongbao.history.query.Page;
import org.tongbao.history.query.StatementFilter;
import org.tongbao.history.query.StatementLine;
import org.tongbao.history.store.HistoryDatabase;
import org.tongbao.history.store.HistoryLocation;

/**
 * {@code tongbao bench history}: writes a journal of {@code transfers} P2P payments among
 * {@code wallets} wallets through the durable ledger (batches of 8,192, batch times spread over
 * a year, so PostgreSQL gets twelve monthly partitions), then times the projection of the whole
 * journal into a fresh SQLite file and into a fresh PostgreSQL schema, and then the latency of
 * statement queries (first page of 50 lines of a random wallet, newest first, with running
 * balance) against each, with all the transfers stored. One thread; leaves nothing behind but
 * the PostgreSQL schema {@value #SCHEMA} (dropped at the start of the next run).
 */
public final class HistoryBenchmark {
    public static final String SCHEMA = "tongbao_bench_history";
    public static final String PG_DEFAULT = "postgresql://localhost:5432/tongbao?user=tongbao&password=tongbao";
    static final int BATCH_COMMANDS = 8_192;
    static final int STATEMENT_LINES = 50;
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR = 2;
    static final long FIRST_WALLET = 1_000;
    static final long FUNDING_FEN = 10_000_000;
    private static final long YEAR_MS = 365L * 86_400_000L;
    private static final long START_MS = LocalDate.of(2023, 1, 1).atStartOfDay(ZoneId.of("Asia/Shanghai"))
            .toInstant().toEpochMilli();
    private static final int GUSU = 320508;

    /** What to run. {@code postgresUrl} null skips PostgreSQL. */
    public record Options(long transfers, int wallets, int queries, String postgresUrl, Path directory, long seed) {
        public Options {
            Checks.checkArgument(transfers >= BATCH_COMMANDS && transfers <= 1_000_000_000L,
                    "transfers must be 8,192..1,000,000,000");
            Checks.checkArgument(wallets >= 2 && wallets <= 50_000_000, "wallets must be 2..50,000,000");
            Checks.checkArgument(queries >= 100, "queries must be at least 100");
        }
    }

    /** Figures of one database. */
    public record Run(String database, long transfers, double seconds, long transfersPerSecond, double statementP50Ms,
                      double statementP99Ms, double statementMaxMs) {
    }

    /** Figures of the whole run; {@code postgres} is null when skipped. */
    public record Figures(long journalTransfers, double journalSeconds, Run sqlite, Run postgres) {
        public double statementP99Ms() {
            return postgres == null ? sqlite.statementP99Ms() : Math.max(sqlite.statementP99Ms(), postgres.statementP99Ms());
        }
    }

    private final Options options;
    private final PrintStream out;

    public HistoryBenchmark(final Options options, final PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Figures run() throws Exception {
        Files.createDirectories(options.directory());
        final Path root = Files.createTempDirectory(options.directory(), "tongbao-bench-history-");
        try {
            final long startNs = System.nanoTime();
            writeJournal(root);
            final double journalSeconds = (System.nanoTime() - startNs) / 1e9;
            out.printf("  journal: %,d transfers among %,d wallets in %.1f s%n", options.transfers(), options.wallets(),
                    journalSeconds);
            final Run sqlite = measure(root, HistoryLocation.sqliteFile(root.resolve("history.db")), "SQLite");
            Run postgres = null;
            if (options.postgresUrl() != null) {
                final HistoryLocation location = HistoryLocation.parse(options.postgresUrl() + "&schema=" + SCHEMA, root);
                dropSchema(location);
                postgres = measure(root, location, "PostgreSQL");
            }
            return new Figures(options.transfers(), journalSeconds, sqlite, postgres);
        } finally {
            deleteTree(root);
        }
    }

    private Run measure(final Path root, final HistoryLocation location, final String name) throws Exception {
        final HistoryDatabase database = HistoryDatabase.open(location);
        final long startNs = System.nanoTime();
        final long transfers;
        try (HistoryProjector projector = HistoryProjector.open(new DataDirectory(root), database,
                HistoryProjector.Options.defaults())) {
            projector.projectAvailable(Long.MAX_VALUE);
            transfers = projector.committedTransfers();
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final long tps = (long) (transfers / seconds);
        out.printf("  %s projection: %,d transfers in %.1f s: %,d transfers/s (%s)%n", name, transfers, seconds, tps,
                location.describe());
        final Histogram latencies = statementLatencies(database);
        final Run run = new Run(name, transfers, seconds, tps, latencies.getValueAtPercentile(50) / 1e6,
                latencies.getValueAtPercentile(99) / 1e6, latencies.getMaxValue() / 1e6);
        out.printf("  %s statement (first %d lines of a random wallet, %,d queries): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                name, STATEMENT_LINES, options.queries(), run.statementP50Ms(), run.statementP99Ms(), run.statementMaxMs());
        return run;
    }

    private Histogram statementLatencies(final HistoryDatabase database) {
        final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final SplittableRandom random = new SplittableRandom(options.seed() + 1);
        try (HistoryQueries queries = new HistoryQueries(database, 1)) {
            long lines = 0;
            for (int i = 0; i < options.queries() / 10; i++) {
                lines += queries.statement(FIRST_WALLET + random.nextInt(options.wallets()), StatementFilter.ALL,
                        Page.FIRST, STATEMENT_LINES).rows().size();
            }
            for (int i = 0; i < options.queries(); i++) {
                final long wallet = FIRST_WALLET + random.nextInt(options.wallets());
                final long startNs = System.nanoTime();
                final Page<StatementLine> page = queries.statement(wallet, StatementFilter.ALL, Page.FIRST, STATEMENT_LINES);
                latencies.recordValue(System.nanoTime() - startNs);
                lines += page.rows().size();
            }
            Checks.check(lines > 0, "the statements returned no line");
        }
        return latencies;
    }

    /** Opens the accounts, funds every wallet, then pays at random in batches of 8,192 spread over a year. */
    private void writeJournal(final Path root) throws Exception {
        final LedgerConfig config = LedgerConfig.defaults(options.wallets() + 16);
        final long batches = (options.transfers() + BATCH_COMMANDS - 1) / BATCH_COMMANDS;
        final long stepMs = Math.max(1, YEAR_MS / batches);
        final long[] timeMs = {START_MS};
        try (DurableLedger ledger = DurableLedger.open(new DataDirectory(root), config, () -> timeMs[0],
                new DurableLedger.Options(64, JournalWriter.SEGMENT_BYTES_DEFAULT, 0, false), null)) {
            final Sequencer sequencer = ledger.sequencer();
            final CommandBatch block = new CommandBatch(BATCH_COMMANDS);
            Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(block);
            Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(block);
            Command.Transfer.of(1, CENTRAL_BANK, OPERATOR, FUNDING_FEN * options.wallets(), TransferCode.ISSUANCE)
                    .appendTo(block);
            submit(sequencer, block, timeMs[0]);
            for (int first = 0; first < options.wallets(); first += BATCH_COMMANDS / 2) {
                final int last = Math.min(options.wallets(), first + BATCH_COMMANDS / 2);
                for (int i = first; i < last; i++) {
                    Command.OpenAccount.of(FIRST_WALLET + i, AccountKind.PERSONAL, OPERATOR, 1, GUSU, 0).appendTo(block);
                    Command.Transfer.of(10 + i, OPERATOR, FIRST_WALLET + i, FUNDING_FEN, TransferCode.EXCHANGE_IN)
                            .appendTo(block);
                }
                submit(sequencer, block, timeMs[0]);
            }
            final SplittableRandom random = new SplittableRandom(options.seed());
            long transferId = 1L << 40;
            for (long written = 0; written < options.transfers(); written += BATCH_COMMANDS) {
                for (int i = 0; i < BATCH_COMMANDS; i++) {
                    final int payer = random.nextInt(options.wallets());
                    final int payee = (payer + random.nextInt(1, options.wallets())) % options.wallets();
                    block.appendTransfer(transferId++, FIRST_WALLET + payer, FIRST_WALLET + payee, random.nextLong(1, 501),
                            TransferCode.P2P.number());
                }
                timeMs[0] += stepMs;
                submit(sequencer, block, timeMs[0]);
            }
        }
    }

    private static void submit(final Sequencer sequencer, final CommandBatch block, final long timeMs) throws Exception {
        final Sequencer.Reply reply = sequencer.submitAt(block, timeMs, 60_000).get(60, TimeUnit.SECONDS);
        Checks.check(!reply.failed(), "journal batch failed: " + reply.failure());
        for (int i = 0; i < reply.results().length; i++) {
            Checks.check(reply.results()[i] == ResultCode.OK.number(),
                    "bench command " + i + " was rejected: " + ResultCode.ofNumber(reply.results()[i]));
        }
        block.clear();
    }

    private static void dropSchema(final HistoryLocation location) throws SQLException {
        final Properties properties = new Properties();
        properties.setProperty("user", location.user());
        properties.setProperty("password", location.password());
        try (Connection connection = DriverManager.getConnection(location.jdbcUrl(), properties);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + location.schema() + " cascade");
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Runs from the command line without the server module: {@code java ... HistoryBenchmark [transfers] [wallets]}. */
    public static void main(final String[] args) throws Exception {
        final long transfers = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        final int wallets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final Figures figures = new HistoryBenchmark(new Options(transfers, wallets, 2_000, PG_DEFAULT,
                Path.of(System.getProperty("java.io.tmpdir")), 42), System.out).run();
        System.out.printf("history sqlite_tps=%d postgresql_tps=%d statement_p99_ms=%.2f%n",
                figures.sqlite().transfersPerSecond(),
                figures.postgres() == null ? 0 : figures.postgres().transfersPerSecond(), figures.statementP99Ms());
    }
}
