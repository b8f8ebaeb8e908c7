package org.tongbao.server.http;

import java.nio.file.Path;
import org.tongbao.engine.Checks;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.history.store.HistoryLocation;
import org.tongbao.kpi.KpiConfig;

/**
 * Every setting of the API server, with its defaults in one place ({@link #defaults}) and
 * validated once at start. Flags of {@code tongbao serve} override the defaults.
 *
 * @param data                 the data directory (journal, snapshots, tokens)
 * @param host                 address to listen on
 * @param port                 port to listen on (0: any free port)
 * @param bodyBytesMax         largest request body accepted (413 beyond)
 * @param batchItemsMax        most transfers in one batch request
 * @param inFlightMax          most requests handled at once (503 with Retry-After beyond)
 * @param queueCapacity        blocks the sequencer may hold waiting for their batch (503 beyond)
 * @param replyTimeoutMs       longest wait for a batch to become durable before answering 504
 * @param recentTransfers      money movements kept in memory for statements and receipts
 * @param listLimitMax         most items one page of a list returns
 * @param authFailuresMax      failed authentications per address per window before 429
 * @param authWindowMs         the window of {@code authFailuresMax}
 * @param drainTimeoutMs       how long a graceful stop waits for requests in flight
 * @param snapshotEveryMs      batch time between periodic snapshots (ledger and KPI aggregates)
 * @param ledger               the ledger configuration for a new data directory (an existing one keeps its own)
 * @param kpi                  the KPI platform's metrics, targets (for the whole city: the server scales
 *                             them by the data directory's {@code pilot.properties}) and alert rules
 * @param history              where the transaction history is projected and queried, or null for none
 *                             (the history routes then answer 503)
 */
public record ApiConfig(Path data, String host, int port, long bodyBytesMax, int batchItemsMax, int inFlightMax,
                        int queueCapacity, long replyTimeoutMs, int recentTransfers, int listLimitMax,
                        int authFailuresMax, long authWindowMs, long drainTimeoutMs, long snapshotEveryMs,
                        LedgerConfig ledger, KpiConfig kpi, HistoryLocation history) {
    public static final int BATCH_ITEMS_MAX = 8_000;

    public ApiConfig {
        Checks.checkArgument(data != null, "the data directory is required (--data DIR)");
        Checks.checkArgument(port >= 0 && port <= 65_535, "the port must be 0..65535");
        Checks.checkArgument(bodyBytesMax >= 1024, "bodyBytesMax must be at least 1 KiB");
        Checks.checkArgument(batchItemsMax >= 1 && batchItemsMax <= ledger.batchMax(),
                "batchItemsMax must be 1..the ledger's batch maximum (" + ledger.batchMax() + ")");
        Checks.checkArgument(inFlightMax >= 1, "inFlightMax must be positive");
        Checks.checkArgument(queueCapacity >= 1, "queueCapacity must be positive");
        Checks.checkArgument(replyTimeoutMs >= 1, "replyTimeoutMs must be positive");
        Checks.checkArgument(recentTransfers >= 1, "recentTransfers must be positive");
        Checks.checkArgument(listLimitMax >= 1, "listLimitMax must be positive");
        Checks.checkArgument(authFailuresMax >= 1 && authWindowMs >= 1, "authentication limits must be positive");
        Checks.checkArgument(snapshotEveryMs >= 1, "snapshotEveryMs must be positive");
        Checks.checkArgument(kpi != null, "the KPI configuration is required");
    }

    /**
     * Loopback, port 8080, 4 MiB bodies, 8,000 transfers a batch, a snapshot every 10 minutes, a
     * ledger of up to 40 million accounts, the seed's KPI targets for the whole city, no history
     * ({@code tongbao serve} turns it on: {@link #withHistory}).
     */
    public static ApiConfig defaults(final Path data) {
        return new ApiConfig(data, "127.0.0.1", 8080, 4L << 20, BATCH_ITEMS_MAX, 4_096, 16_384, 30_000, 1 << 18, 1_000,
                20, 60_000, 10_000, 10 * 60_000L, LedgerConfig.defaults(40_000_000).withAccountsInitial(1 << 16),
                KpiConfig.defaults(), null);
    }

    public ApiConfig withPort(final int newPort) {
        return new ApiConfig(data, host, newPort, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, ledger, kpi, history);
    }

    public ApiConfig withHost(final String newHost) {
        return new ApiConfig(data, newHost, port, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, ledger, kpi, history);
    }

    public ApiConfig withLedger(final LedgerConfig newLedger) {
        return new ApiConfig(data, host, port, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, newLedger, kpi, history);
    }

    public ApiConfig withLimits(final int newInFlightMax, final int newQueueCapacity, final int newAuthFailuresMax) {
        return new ApiConfig(data, host, port, bodyBytesMax, batchItemsMax, newInFlightMax, newQueueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, newAuthFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, ledger, kpi, history);
    }

    /** The same settings with another KPI configuration (e.g. targets scaled to a simulated fraction of the city). */
    public ApiConfig withKpi(final KpiConfig newKpi) {
        return new ApiConfig(data, host, port, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, ledger, newKpi, history);
    }

    /** The same settings with periodic snapshots every {@code newSnapshotEveryMs} of batch time. */
    public ApiConfig withSnapshotEveryMs(final long newSnapshotEveryMs) {
        return new ApiConfig(data, host, port, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                newSnapshotEveryMs, ledger, kpi, history);
    }

    /** The same settings with the transaction history at {@code newHistory} (null: off). */
    public ApiConfig withHistory(final HistoryLocation newHistory) {
        return new ApiConfig(data, host, port, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, recentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, ledger, kpi, newHistory);
    }

    /** The same settings keeping {@code newRecentTransfers} money movements in memory. */
    public ApiConfig withRecentTransfers(final int newRecentTransfers) {
        return new ApiConfig(data, host, port, bodyBytesMax, batchItemsMax, inFlightMax, queueCapacity,
                replyTimeoutMs, newRecentTransfers, listLimitMax, authFailuresMax, authWindowMs, drainTimeoutMs,
                snapshotEveryMs, ledger, kpi, history);
    }
}
