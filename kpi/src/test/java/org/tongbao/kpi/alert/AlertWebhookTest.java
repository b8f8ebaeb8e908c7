package org.tongbao.kpi.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts to a webhook: in order, as JSON, retried, given up on, and never blocking the caller. */
class AlertWebhookTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private URI serve(final IntSupplier status, final CountDownLatch gate) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Alert alert(final int n) {
        return new Alert(19_447 + n, 1_680_238_800_000L, Alert.Kind.DISTRICT_SHARE_LAGS, "Taicang",
                "Taicang share is \"2.1%\", expected 6.5% (alert " + n + ")");
    }

    private static void waitFor(final IntSupplier count, final int expected) throws InterruptedException {
        for (int i = 0; i < 200 && count.getAsInt() < expected; i++) {
            Thread.sleep(25);
        }
    }

    @Test
    void deliversEachAlertAsOneJsonDocumentInTheOrderRaised() throws Exception {
        final URI hook = serve(() -> 204, new CountDownLatch(0));
        try (AlertWebhook webhook = new AlertWebhook(hook, 3, 10)) {
            webhook.offer(alert(1));
            webhook.offer(alert(2));
            waitFor(received::size, 2);

            assertThat(received).containsExactly(AlertWebhook.json(alert(1)), AlertWebhook.json(alert(2)));
            assertThat(received.get(0)).isEqualTo("{\"day\":\"2023-04-01\",\"raisedAt\":\"2023-03-31T05:00:00Z\","
                    + "\"kind\":\"DISTRICT_SHARE_LAGS\",\"subject\":\"Taicang\",\"cause\":\"Taicang share is \\\"2.1%\\\","
                    + " expected 6.5% (alert 1)\"}");
            waitFor(() -> (int) webhook.delivered(), 2);
            assertThat(webhook.delivered()).isEqualTo(2);
        }
    }

    @Test
    void retriesAFailedDeliveryUntilTheHookAcceptsIt() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        final URI hook = serve(() -> calls.incrementAndGet() < 3 ? 503 : 200, new CountDownLatch(0));
        try (AlertWebhook webhook = new AlertWebhook(hook, 5, 10)) {
            webhook.offer(alert(1));
            waitFor(() -> (int) webhook.delivered(), 1);

            assertThat(webhook.delivered()).isEqualTo(1);
            assertThat(webhook.failed()).isZero();
            assertThat(received).hasSize(3);
        }
    }

    @Test
    void givesUpAfterItsLastAttemptAndCountsTheFailure() throws Exception {
        final URI hook = serve(() -> 500, new CountDownLatch(0));
        try (AlertWebhook webhook = new AlertWebhook(hook, 3, 10)) {
            webhook.offer(alert(1));
            waitFor(() -> (int) webhook.failed(), 1);

            assertThat(webhook.failed()).isEqualTo(1);
            assertThat(webhook.delivered()).isZero();
            assertThat(received).hasSize(3);
        }
    }

    @Test
    void aFullQueueDropsWhatItCannotHoldWithoutBlockingTheCaller() throws Exception {
        final CountDownLatch gate = new CountDownLatch(1);
        final URI hook = serve(() -> 200, gate);
        try (AlertWebhook webhook = new AlertWebhook(hook, 1, 0)) {
            webhook.offer(alert(0));
            waitFor(() -> webhook.waiting() == 0 ? 1 : 0, 1);
            for (int n = 1; n <= AlertWebhook.QUEUE_MAX; n++) {
                assertThat(webhook.offer(alert(n))).isTrue();
            }

            assertThat(webhook.offer(alert(AlertWebhook.QUEUE_MAX + 1))).isFalse();
            assertThat(webhook.dropped()).isEqualTo(1);
            gate.countDown();
        }
    }

    @Test
    void refusesAnAddressThatIsNotHttp() {
        assertThatThrownBy(() -> AlertWebhook.to(URI.create("ftp://example.org/hook")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }
}
