package org.tongbao.bench.ledger;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tongbao.engine.Checks;

/**
 * The conventional ledger the engine is compared with: account rows in PostgreSQL, one SQL
 * transaction per transfer (debit update guarded by the balance, credit update, insert of the
 * transfer row, commit), the two account rows locked in id order so that concurrent transfers
 * cannot deadlock. Same workloads as {@link LedgerBenchmark}: uniform P2P between random wallets,
 * and hot, every payment into one merchant. {@code synchronous_commit} is forced on, so each
 * commit waits for its WAL flush, as each engine batch waits for its journal fsync.
 *
 * <p>Each run drops and recreates the schema {@value #SCHEMA} (and leaves it behind for
 * inspection), seeds the accounts with one {@code generate_series} insert, vacuums and
 * checkpoints, runs a warm-up of a tenth of the transfers, then times {@code transfers} more with
 * {@code clients} threads, each on its own connection. It then checks that money was conserved,
 * that there is one transfer row per committed transfer, and that every balance equals its
 * funding minus its debits plus its credits; a failed check throws. Call from one thread at a
 * time; it starts its own client threads and ends them before returning.
 */
public final class PostgresBaseline {
    public static final String URL_DEFAULT = "jdbc:postgresql://localhost:5432/tongbao";
    public static final String USER_DEFAULT = "tongbao";
    public static final String PASSWORD_DEFAULT = "tongbao";
    public static final long TRANSFERS_DEFAULT = 20_000;
    public static final int CLIENTS_DEFAULT = 8;

    public static final int WALLETS_MAX = 50_000_000;
    public static final long TRANSFERS_MAX = 10_000_000;
    /** Below PostgreSQL's default {@code max_connections} of 100. */
    public static final int CLIENTS_MAX = 64;
    /** Attempts of one transfer that failed with a serialization failure or deadlock. */
    static final int ATTEMPTS_MAX = 16;

    static final String SCHEMA = "tongbao_baseline";
    private static final long FIRST_WALLET = 1_000;
    /**
     * Above every wallet, so that locking in id order takes the hot row last and holds it for the
     * shortest time: with the merchant below the wallets, hot runs measured 1,300-2,000/s instead
     * of about 2,300/s on the same machine.
     */
    private static final long MERCHANT = FIRST_WALLET + WALLETS_MAX;
    private static final long WALLET_FUNDING_FEN = 20_000_00L;
    private static final int AMOUNT_MAX_FEN = 100_00;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static final String DEBIT_SQL = "update " + SCHEMA + ".accounts set balance_fen = balance_fen - ?"
            + " where id = ? and balance_fen >= ?";
    private static final String CREDIT_SQL = "update " + SCHEMA + ".accounts set balance_fen = balance_fen + ? where id = ?";
    private static final String INSERT_SQL = "insert into " + SCHEMA + ".transfers (id, debit_id, credit_id, amount_fen)"
            + " values (?, ?, ?, ?)";

    /**
     * Figures of one run. {@code transfersPerSecond} counts committed transfers of the timed part;
     * {@code rejected} (debits that would overdraw) and {@code retries} (deadlocks, serialization
     * failures) include the warm-up; {@code seedMs} covers schema, seed, vacuum and checkpoint;
     * {@code server} names the server and its durability settings, to print beside the figure.
     */
    public record Run(long transfersPerSecond, long transfersTimed, long rejected, long retries, int wallets,
                      int clients, boolean hot, long seedMs, long timedMs, String server) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public PostgresBaseline(final String jdbcUrl, final String user, final String password) {
        Checks.checkArgument(jdbcUrl.startsWith("jdbc:postgresql:"), "not a PostgreSQL JDBC URL: " + jdbcUrl);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Why no baseline can run against this server, or empty when a connection succeeds. */
    public static Optional<String> unavailableReason(final String jdbcUrl, final String user, final String password) {
        try (Connection connection = connect(jdbcUrl, user, password)) {
            if (!connection.isValid(CONNECT_TIMEOUT_SECONDS)) {
                return Optional.of("PostgreSQL at " + hostAndPort(jdbcUrl) + " did not answer within "
                        + CONNECT_TIMEOUT_SECONDS + " s");
            }
            return Optional.empty();
        } catch (final SQLException e) {
            return Optional.of(describeFailure(jdbcUrl, user, e));
        }
    }

    /** Transfers per second of the timed part; see {@link #measure} for the other figures. */
    public long run(final int wallets, final long transfers, final int clients, final boolean hot, final long seed) {
        return measure(wallets, transfers, clients, hot, seed).transfersPerSecond();
    }

    /** Seeds {@code wallets} accounts, runs {@code transfers} timed transfers after a warm-up, verifies. */
    public Run measure(final int wallets, final long transfers, final int clients, final boolean hot, final long seed) {
        Checks.checkArgument(wallets >= 2 && wallets <= WALLETS_MAX, "wallets must be 2.." + WALLETS_MAX + ": " + wallets);
        Checks.checkArgument(clients >= 1 && clients <= CLIENTS_MAX, "clients must be 1.." + CLIENTS_MAX + ": " + clients);
        Checks.checkArgument(transfers >= clients && transfers <= TRANSFERS_MAX,
                "transfers must be clients.." + TRANSFERS_MAX + ": " + transfers);
        try {
            final String server;
            final long seedStartNs = System.nanoTime();
            try (Connection connection = connect(jdbcUrl, user, password)) {
                final boolean checkpointed = createAndSeed(connection, wallets);
                server = describeServer(connection) + (checkpointed ? ", checkpoint after seeding"
                        : ", no checkpoint after seeding (needs pg_checkpoint)");
            }
            final long seedMs = (System.nanoTime() - seedStartNs) / 1_000_000;
            final Workload workload = new Workload(wallets, transfers / 10, transfers, hot);
            final Tally tally = runClients(workload, clients, seed);
            verify(wallets, tally.accepted);
            final long timedAccepted = tally.accepted - tally.warmUpAccepted;
            final long rate = timedAccepted * 1_000_000_000L / Math.max(1, tally.timedNs);
            return new Run(rate, transfers, tally.rejected, tally.retries, wallets, clients, hot, seedMs,
                    tally.timedNs / 1_000_000, server);
        } catch (final SQLException e) {
            throw new IllegalStateException("PostgreSQL baseline failed: " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }

    /** Returns whether the seed was checkpointed. */
    private static boolean createAndSeed(final Connection connection, final int wallets) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
            statement.execute("create schema " + SCHEMA);
            statement.execute("create table " + SCHEMA + ".accounts (id bigint not null,"
                    + " balance_fen bigint not null check (balance_fen >= 0))");
            statement.execute("create table " + SCHEMA + ".transfers (id bigint primary key,"
                    + " debit_id bigint not null, credit_id bigint not null,"
                    + " amount_fen bigint not null check (amount_fen > 0),"
                    + " created_at timestamptz not null default now())");
            // Rows first, then the key: one sorted index build instead of a million index inserts.
            statement.execute("insert into " + SCHEMA + ".accounts (id, balance_fen) values (" + MERCHANT + ", 0)");
            final int inserted = statement.executeUpdate("insert into " + SCHEMA + ".accounts (id, balance_fen)"
                    + " select g, " + WALLET_FUNDING_FEN + " from generate_series(" + FIRST_WALLET + ", "
                    + (FIRST_WALLET + wallets - 1) + ") g");
            Checks.check(inserted == wallets, "seeded " + inserted + " wallets, wanted " + wallets);
            statement.execute("alter table " + SCHEMA + ".accounts add primary key (id)");
            // What a DBA does after a bulk load: statistics, and the visibility map and hint bits set
            // now rather than by the first timed updates.
            statement.execute("vacuum (analyze) " + SCHEMA + ".accounts");
        }
        return checkpoint(connection);
    }

    /**
     * Flushes the seed so that its WAL does not set off a checkpoint in the middle of the timed
     * part: without it, uniform runs on the same machine measured anywhere from 4,000 to 5,400/s.
     * Needs superuser or {@code pg_checkpoint}; without either the run goes on unflushed.
     */
    private static boolean checkpoint(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("checkpoint");
            return true;
        } catch (final SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private Tally runClients(final Workload workload, final int clients, final long seed) throws SQLException {
        final CountDownLatch warmedUp = new CountDownLatch(clients);
        final CountDownLatch start = new CountDownLatch(1);
        final SplittableRandom root = new SplittableRandom(seed + (workload.hot ? 1 : 0));
        final List<Future<Tally>> futures = new ArrayList<>(clients);
        final Tally total = new Tally();
        try (ExecutorService executor = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                final Client client = new Client(workload, c, clients, root.split(), warmedUp, start);
                futures.add(executor.submit(client::call));
            }
            awaitUninterruptibly(warmedUp);
            final long startNs = System.nanoTime();
            start.countDown();
            for (final Future<Tally> future : futures) {
                total.add(join(future));
            }
            total.timedNs = System.nanoTime() - startNs;
        }
        return total;
    }

    private static Tally join(final Future<Tally> future) throws SQLException {
        try {
            return future.get();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof SQLException sqlException) {
                throw sqlException;
            }
            throw new IllegalStateException("baseline client failed", e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for baseline clients", e);
        }
    }

    /** Conservation, the transfer row count, and each balance against the transfer rows. */
    private void verify(final int wallets, final long accepted) throws SQLException {
        final long fundingFen = Math.multiplyExact(WALLET_FUNDING_FEN, (long) wallets);
        try (Connection connection = connect(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            final long sumFen = queryLong(statement, "select sum(balance_fen) from " + SCHEMA + ".accounts");
            Checks.check(sumFen == fundingFen, "money not conserved: balances sum to " + sumFen + " fen, funded "
                    + fundingFen);
            final long rows = queryLong(statement, "select count(*) from " + SCHEMA + ".transfers");
            Checks.check(rows == accepted, "transfer rows " + rows + ", transfers committed " + accepted);
            final long wrong = queryLong(statement, "select count(*) from " + SCHEMA + ".accounts a"
                    + " left join (select debit_id id, sum(amount_fen) s from " + SCHEMA + ".transfers group by debit_id) d"
                    + " on d.id = a.id"
                    + " left join (select credit_id id, sum(amount_fen) s from " + SCHEMA + ".transfers group by credit_id) c"
                    + " on c.id = a.id"
                    + " where a.balance_fen <> (case when a.id = " + MERCHANT + " then 0 else " + WALLET_FUNDING_FEN + " end)"
                    + " - coalesce(d.s, 0) + coalesce(c.s, 0)");
            Checks.check(wrong == 0, wrong + " balances differ from funding - debits + credits");
        }
    }

    /** One client's share of a run: the transfers whose index is its number modulo the client count. */
    private final class Client {
        private final Workload workload;
        private final int number;
        private final int clients;
        private final SplittableRandom random;
        private final CountDownLatch warmedUp;
        private final CountDownLatch start;
        private final Tally tally = new Tally();
        private Connection connection;
        private PreparedStatement debit;
        private PreparedStatement credit;
        private PreparedStatement insert;

        Client(final Workload workload, final int number, final int clients, final SplittableRandom random,
               final CountDownLatch warmedUp, final CountDownLatch start) {
            this.workload = workload;
            this.number = number;
            this.clients = clients;
            this.random = random;
            this.warmedUp = warmedUp;
            this.start = start;
        }

        Tally call() throws SQLException {
            try {
                try {
                    connection = connect(jdbcUrl, user, password);
                    prepare();
                    runRange(0, workload.warmUpTransfers);
                    tally.warmUpAccepted = tally.accepted;
                } finally {
                    // Even on failure, so the run goes on to collect the failure instead of hanging.
                    warmedUp.countDown();
                }
                awaitUninterruptibly(start);
                runRange(workload.warmUpTransfers, workload.warmUpTransfers + workload.timedTransfers);
                return tally;
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }

        private void prepare() throws SQLException {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set synchronous_commit to on");
            }
            connection.commit();
            debit = connection.prepareStatement(DEBIT_SQL);
            credit = connection.prepareStatement(CREDIT_SQL);
            insert = connection.prepareStatement(INSERT_SQL);
        }

        /** Transfers with indexes in [fromIndex, toIndex) that belong to this client; id = index + 1. */
        private void runRange(final long fromIndex, final long toIndex) throws SQLException {
            final int wallets = workload.wallets;
            for (long index = fromIndex + number; index < toIndex; index += clients) {
                final long debitId = FIRST_WALLET + random.nextInt(wallets);
                final long amountFen = 1 + random.nextInt(AMOUNT_MAX_FEN);
                long creditId = MERCHANT;
                if (!workload.hot) {
                    creditId = FIRST_WALLET + random.nextInt(wallets);
                    if (creditId == debitId) {
                        creditId = debitId + 1 < FIRST_WALLET + wallets ? debitId + 1 : FIRST_WALLET;
                    }
                }
                if (transferWithRetries(index + 1, debitId, creditId, amountFen)) {
                    tally.accepted++;
                } else {
                    tally.rejected++;
                }
            }
        }

        private boolean transferWithRetries(final long id, final long debitId, final long creditId, final long amountFen)
                throws SQLException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return transfer(id, debitId, creditId, amountFen);
                } catch (final SQLException e) {
                    connection.rollback();
                    if (!isRetryable(e) || attempt == ATTEMPTS_MAX) {
                        throw e;
                    }
                    tally.retries++;
                }
            }
        }

        /** One SQL transaction; false (rolled back) when the debit would overdraw. */
        private boolean transfer(final long id, final long debitId, final long creditId, final long amountFen)
                throws SQLException {
            if (debitId < creditId) {
                if (!debit(debitId, amountFen)) {
                    connection.rollback();
                    return false;
                }
                credit(creditId, amountFen);
            } else {
                credit(creditId, amountFen);
                if (!debit(debitId, amountFen)) {
                    connection.rollback();
                    return false;
                }
            }
            insert.setLong(1, id);
            insert.setLong(2, debitId);
            insert.setLong(3, creditId);
            insert.setLong(4, amountFen);
            if (insert.executeUpdate() != 1) {
                throw new IllegalStateException("transfer " + id + " not inserted");
            }
            connection.commit();
            return true;
        }

        private boolean debit(final long accountId, final long amountFen) throws SQLException {
            debit.setLong(1, amountFen);
            debit.setLong(2, accountId);
            debit.setLong(3, amountFen);
            return debit.executeUpdate() == 1;
        }

        private void credit(final long accountId, final long amountFen) throws SQLException {
            credit.setLong(1, amountFen);
            credit.setLong(2, accountId);
            if (credit.executeUpdate() != 1) {
                throw new IllegalStateException("credit account " + accountId + " missing");
            }
        }
    }

    private record Workload(int wallets, long warmUpTransfers, long timedTransfers, boolean hot) {
    }

    /** Counts of one client, then of all; written by one thread at a time. */
    private static final class Tally {
        long accepted;
        long warmUpAccepted;
        long rejected;
        long retries;
        long timedNs;

        void add(final Tally other) {
            accepted += other.accepted;
            warmUpAccepted += other.warmUpAccepted;
            rejected += other.rejected;
            retries += other.retries;
        }
    }

    /** Serialization failure or deadlock: the transaction was rolled back and may simply be run again. */
    static boolean isRetryable(final SQLException e) {
        final String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static Connection connect(final String jdbcUrl, final String user, final String password)
            throws SQLException {
        final Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "tongbao-baseline");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static String describeServer(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return "PostgreSQL " + queryString(statement, "show server_version")
                    + ", fsync=" + queryString(statement, "show fsync")
                    + ", synchronous_commit=on (forced per session)"
                    + ", wal_sync_method=" + queryString(statement, "show wal_sync_method");
        }
    }

    static String describeFailure(final String jdbcUrl, final String user, final SQLException e) {
        final String where = hostAndPort(jdbcUrl);
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ConnectException) {
                return "no PostgreSQL at " + where + " (connection refused)";
            }
            cause = cause.getCause();
        }
        return "PostgreSQL at " + where + " unusable as " + user + ": " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")";
    }

    /** {@code localhost:5432} from {@code jdbc:postgresql://localhost:5432/tongbao?...}. */
    static String hostAndPort(final String jdbcUrl) {
        final String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            return jdbcUrl;
        }
        final String rest = jdbcUrl.substring(prefix.length());
        final int slash = rest.indexOf('/');
        final String host = slash < 0 ? rest : rest.substring(0, slash);
        return host.isEmpty() ? "localhost:5432" : host.contains(":") ? host : host + ":5432";
    }

    private static long queryLong(final Statement statement, final String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            Checks.check(result.next(), "no row from: " + sql);
            return result.getLong(1);
        }
    }

    private static String queryString(final Statement statement, final String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            Checks.check(result.next(), "no row from: " + sql);
            return result.getString(1);
        }
    }

    private static void awaitUninterruptibly(final CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
