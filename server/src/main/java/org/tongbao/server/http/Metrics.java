package org.tongbao.server.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters and request-latency histogram, and their Prometheus text exposition
 * (format 0.0.4), written by hand: a dozen series do not need a metrics library. Counters are
 * {@link LongAdder}s, so request threads and the sequencer thread update them without
 * contention. Thread-safe.
 */
public final class Metrics {
    static final String HISTORY_PROJECTED_SEQUENCE = "tongbao_history_projected_sequence";
    static final String HISTORY_LAG_BATCHES = "tongbao_history_lag_batches";
    private static final double[] BUCKETS_MS = {0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};

    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder[] latencyBuckets = new LongAdder[BUCKETS_MS.length + 1];
    private final LongAdder latencySumMicros = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder commandsRejected = new LongAdder();
    final LongAdder overloaded = new LongAdder();
    final LongAdder authenticationFailures = new LongAdder();
    final LongAdder denied = new LongAdder();

    public Metrics() {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    /** Counts one finished request of {@code route} (the matched path template) with its status and duration. */
    void request(final String method, final String route, final int status, final long durationNs) {
        requests.computeIfAbsent(method + " " + route + " " + status, key -> new LongAdder()).increment();
        final double ms = durationNs / 1e6;
        int bucket = 0;
        while (bucket < BUCKETS_MS.length && ms > BUCKETS_MS[bucket]) {
            bucket++;
        }
        latencyBuckets[bucket].increment();
        latencySumMicros.add(durationNs / 1000);
    }

    /** The exposition, with the ledger and history gauges given (name → value) appended. */
    String exposition(final Map<String, Long> ledgerGauges, final int inFlight) {
        final StringBuilder out = new StringBuilder(4096);
        out.append("# HELP tongbao_http_requests_total HTTP requests answered, by method, route and status.\n");
        out.append("# TYPE tongbao_http_requests_total counter\n");
        for (final Map.Entry<String, LongAdder> entry : new TreeMap<>(requests).entrySet()) {
            final String[] key = entry.getKey().split(" ");
            out.append("tongbao_http_requests_total{method=\"").append(key[0]).append("\",route=\"").append(key[1])
                    .append("\",status=\"").append(key[2]).append("\"} ").append(entry.getValue().sum()).append('\n');
        }
        out.append("# HELP tongbao_http_request_duration_seconds Time from request to response.\n");
        out.append("# TYPE tongbao_http_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < latencyBuckets.length; i++) {
            cumulative += latencyBuckets[i].sum();
            final String le = i < BUCKETS_MS.length ? String.valueOf(BUCKETS_MS[i] / 1000) : "+Inf";
            out.append("tongbao_http_request_duration_seconds_bucket{le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
        }
        out.append("tongbao_http_request_duration_seconds_sum ").append(latencySumMicros.sum() / 1e6).append('\n');
        out.append("tongbao_http_request_duration_seconds_count ").append(cumulative).append('\n');
        counter(out, "tongbao_batches_committed_total", "Batches made durable (one fsync each).", batches.sum());
        counter(out, "tongbao_commands_committed_total", "Commands journaled and applied.", commands.sum());
        counter(out, "tongbao_commands_rejected_total", "Commands the ledger refused with a result code.",
                commandsRejected.sum());
        counter(out, "tongbao_http_overload_total", "Requests refused with 503 because a queue was full.",
                overloaded.sum());
        counter(out, "tongbao_authentication_failures_total", "Requests refused with 401 or 429.",
                authenticationFailures.sum());
        counter(out, "tongbao_access_denied_total", "Requests refused with 403.", denied.sum());
        gauge(out, "tongbao_http_requests_in_flight", "Requests being handled now.", inFlight);
        for (final Map.Entry<String, Long> gauge : ledgerGauges.entrySet()) {
            gauge(out, gauge.getKey(), help(gauge.getKey()), gauge.getValue());
        }
        return out.toString();
    }

    private static String help(final String gauge) {
        return switch (gauge) {
            case HISTORY_PROJECTED_SEQUENCE -> "The last journal batch the SQL history holds.";
            case HISTORY_LAG_BATCHES -> "Durable batches not yet in the SQL history (its reads lag the ledger by this).";
            default -> "Ledger state at the last batch.";
        };
    }

    private static void counter(final StringBuilder out, final String name, final String help, final long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(final StringBuilder out, final String name, final String help, final long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }
}
