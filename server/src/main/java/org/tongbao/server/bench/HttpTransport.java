package org.tongbao.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The load generator's HTTP/1.1 client: Jetty's (the default; the same Jetty line as the
 * server) or the JDK's {@code java.net.http}. Both keep connections alive and open at most
 * one per request in flight. Responses are never asked to be compressed. {@link #send} from
 * any thread; the answer comes on one of the client's threads.
 */
abstract class HttpTransport implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int RESPONSE_BYTES_MAX = 16 << 20;

    /** A response's status and body. */
    record Response(int status, String body) {
    }

    /**
     * Sends a POST of {@code jsonBody} with the bearer {@code token}, or a GET when the body is
     * null, without waiting: {@code done} gets the response, or null and the failure.
     */
    abstract void send(URI uri, String token, String jsonBody, BiConsumer<Response, Throwable> done);

    @Override
    public abstract void close();

    static HttpTransport jetty(final int connections) {
        return new Jetty(connections);
    }

    static HttpTransport jdk() {
        return new Jdk();
    }

    private static final class Jetty extends HttpTransport {
        private final org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();

        Jetty(final int connections) {
            client.setMaxConnectionsPerDestination(connections);
            client.setMaxRequestsQueuedPerDestination(Math.max(1_024, connections * 4));
            client.getContentDecoderFactories().clear();
            client.setUserAgentField(null);
            try {
                client.start();
            } catch (final Exception e) {
                throw new IllegalStateException("cannot start Jetty's HTTP client: " + e.getMessage(), e);
            }
        }

        @Override
        void send(final URI uri, final String token, final String jsonBody, final BiConsumer<Response, Throwable> done) {
            Request request = client.newRequest(uri).timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (jsonBody != null) {
                request = request.method(HttpMethod.POST)
                        .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
                        .body(new StringRequestContent("application/json", jsonBody));
            }
            request.send(new BufferingResponseListener(RESPONSE_BYTES_MAX) {
                @Override
                public void onComplete(final Result result) {
                    if (result.isFailed()) {
                        done.accept(null, result.getFailure());
                    } else {
                        done.accept(new Response(result.getResponse().getStatus(), getContentAsString()), null);
                    }
                }
            });
        }

        @Override
        public void close() {
            try {
                client.stop();
            } catch (final Exception e) {
                System.err.println("stopping Jetty's HTTP client failed: " + e.getMessage());
            }
        }
    }

    private static final class Jdk extends HttpTransport {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        @Override
        void send(final URI uri, final String token, final String jsonBody, final BiConsumer<Response, Throwable> done) {
            final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(TIMEOUT_SECONDS));
            if (jsonBody != null) {
                request.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
            }
            client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) ->
                    done.accept(response == null ? null : new Response(response.statusCode(), response.body()), failure));
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
