package org.tongbao.kpi.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tongbao.engine.Checks;

/**
 * Delivers alerts to a webhook: each alert POSTed as one JSON document, in the order raised,
 * from a bounded queue on a thread of its own, so whoever raises alerts never waits on the
 * network. A delivery that fails (no answer, or a status other than 2xx) is retried with
 * doubling pauses up to {@code attemptsMax} times, then counted as failed and dropped; an
 * alert offered while the queue is full is counted as dropped. Counters for metrics.
 *
 * <pre>
 *  {"day":"2023-03-31","raisedAt":"2023-03-31T13:00:00Z","kind":"DISTRICT_SHARE_LAGS",
 *   "subject":"Taicang","cause":"Taicang share of TRANSACTION_VOLUME is 2.1%, expected 6.5% ..."}
 * </pre>
 *
 * <p>Thread-safe: {@link #offer} from any thread.
 */
public final class AlertWebhook implements AutoCloseable {
    /** Alerts waiting for delivery at most. */
    public static final int QUEUE_MAX = 1_024;

    private final URI target;
    private final int attemptsMax;
    private final long firstPauseMs;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<Alert> queue = new ArrayBlockingQueue<>(QUEUE_MAX);
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    /** Delivers to {@code target} (http or https), trying each alert up to {@code attemptsMax} times. */
    public AlertWebhook(final URI target, final int attemptsMax, final long firstPauseMs) {
        Checks.checkArgument(target.getScheme() != null && target.getScheme().matches("https?"),
                "the alert webhook must be an http or https URL, not " + target);
        Checks.checkArgument(attemptsMax >= 1 && firstPauseMs >= 0, "attempts must be at least 1, pauses not negative");
        this.target = target;
        this.attemptsMax = attemptsMax;
        this.firstPauseMs = firstPauseMs;
        this.thread = new Thread(this::run, "tongbao-alert-webhook");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Five attempts, pausing 1, 2, 4 and 8 seconds between them. */
    public static AlertWebhook to(final URI target) {
        return new AlertWebhook(target, 5, 1_000);
    }

    /** Queues {@code alert} for delivery; false (and counted) when the queue is full. */
    public boolean offer(final Alert alert) {
        final boolean queued = running && queue.offer(alert);
        if (!queued) {
            dropped.incrementAndGet();
        }
        return queued;
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Alerts still waiting. */
    public int waiting() {
        return queue.size();
    }

    /** The JSON document POSTed for {@code alert}. */
    public static String json(final Alert alert) {
        return "{\"day\":\"" + LocalDate.ofEpochDay(alert.day()) + "\",\"raisedAt\":\""
                + Instant.ofEpochMilli(alert.raisedMs()) + "\",\"kind\":\"" + alert.kind() + "\",\"subject\":"
                + quoted(alert.subject()) + ",\"cause\":" + quoted(alert.cause()) + "}";
    }

    private static String quoted(final String text) {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private void run() {
        try {
            while (running || !queue.isEmpty()) {
                final Alert alert = queue.poll(100, TimeUnit.MILLISECONDS);
                if (alert != null) {
                    deliver(alert);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(final Alert alert) throws InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(alert))).build();
        long pauseMs = firstPauseMs;
        for (int attempt = 1; attempt <= attemptsMax; attempt++) {
            try {
                final int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
            } catch (final IOException unreachable) {
                // Counted below when every attempt has failed; the next attempt may reach it.
            }
            if (attempt < attemptsMax) {
                Thread.sleep(pauseMs);
                pauseMs *= 2;
            }
        }
        failed.incrementAndGet();
    }

    /** Stops taking alerts and waits up to {@code waitMs} for those queued to be delivered. */
    public void close(final long waitMs) throws InterruptedException {
        running = false;
        thread.join(waitMs);
        thread.interrupt();
    }

    @Override
    public void close() throws InterruptedException {
        close(5_000);
    }
}
