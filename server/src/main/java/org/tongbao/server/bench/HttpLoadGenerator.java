package org.tongbao.server.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The load generator of {@code tongbao bench http}, run as a child JVM so that its CPU is not
 * the server's: {@code connections} closed-loop clients, each with one request out at a time,
 * over a pool of as many keep-alive connections (so one connection per client in flight), for
 * a warm-up and then a measured phase. Modes:
 * {@code health} (GET /health), {@code single} (POST /v1/transfers, one P2P payment, 201
 * expected) and {@code batch} (POST /v1/transfers/batch with {@code batch} payments, 200 and
 * every item applied expected). Payments go between random wallets {@code firstWallet ..
 * firstWallet + wallets - 1} with ids from {@code idBase} up, never reused.
 *
 * <p>Prints one line {@link #RESULT_PREFIX}{@code key=value ...} with the measured phase's
 * counts and its latency histogram (HdrHistogram, compressed, Base64); a failed request also
 * prints one {@link #FAILURE_PREFIX} line (the first only). Arguments are {@code key=value}.
 */
public final class HttpLoadGenerator {
    public static final String RESULT_PREFIX = "generator ";
    public static final String FAILURE_PREFIX = "generator-failure ";
    /** Printed as the measured phase starts, so the server's side can time its own CPU over the same span. */
    public static final String MEASURING = "generator-measuring";
    private static final long LATENCY_NS_MAX = 60_000_000_000L;
    private static final int AMOUNT_FEN_MAX = 100_00;
    private static final String APPLIED_FIELD = "\"applied\":";

    private final Options options;
    private final HttpTransport transport;
    private final AtomicLong nextId;
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /** What one run does; see the class comment. */
    record Options(URI base, String token, String mode, int connections, int batch, long firstWallet, int wallets,
                   long idBase, double warmupSeconds, double seconds, long seed, String client) {
        static Options parse(final String[] args) {
            final Map<String, String> values = new HashMap<>();
            for (final String arg : args) {
                final int equals = arg.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("arguments are key=value, not " + arg);
                }
                values.put(arg.substring(0, equals), arg.substring(equals + 1));
            }
            final Options options = new Options(URI.create(values.get("url")), values.getOrDefault("token", ""),
                    values.get("mode"), Integer.parseInt(values.get("connections")),
                    Integer.parseInt(values.getOrDefault("batch", "1")),
                    Long.parseLong(values.getOrDefault("firstWallet", "0")),
                    Integer.parseInt(values.getOrDefault("wallets", "0")),
                    Long.parseLong(values.getOrDefault("idBase", "1")),
                    Double.parseDouble(values.get("warmupSeconds")), Double.parseDouble(values.get("seconds")),
                    Long.parseLong(values.getOrDefault("seed", "1")), values.getOrDefault("client", "jetty"));
            if (!List.of("health", "single", "batch").contains(options.mode())) {
                throw new IllegalArgumentException("mode must be health, single or batch");
            }
            if (!List.of("jetty", "jdk").contains(options.client())) {
                throw new IllegalArgumentException("client must be jetty or jdk");
            }
            if (!options.mode().equals("health") && options.wallets() < 2) {
                throw new IllegalArgumentException("payments need at least 2 wallets");
            }
            return options;
        }
    }

    /** Counts of one phase, merged over the clients. */
    private static final class Tally {
        final Histogram latencyNs = new Histogram(LATENCY_NS_MAX, 3);
        long requests;
        long failures;
        long transfers;
        long applied;

        void add(final Tally other) {
            latencyNs.add(other.latencyNs);
            requests += other.requests;
            failures += other.failures;
            transfers += other.transfers;
            applied += other.applied;
        }
    }

    HttpLoadGenerator(final Options options) {
        this.options = options;
        this.transport = options.client().equals("jdk") ? HttpTransport.jdk()
                : HttpTransport.jetty(options.connections());
        this.nextId = new AtomicLong(options.idBase());
    }

    public static void main(final String[] args) throws InterruptedException {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final RuntimeException e) {
            System.out.println(FAILURE_PREFIX + "bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        final HttpLoadGenerator generator = new HttpLoadGenerator(options);
        final Tally warmup = generator.phase(options.warmupSeconds());
        System.out.println(MEASURING);
        System.out.flush();
        final long startNs = System.nanoTime();
        final long startCpuNs = processCpuNs();
        final Tally measured = generator.phase(options.seconds());
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final long cpuNs = processCpuNs() - startCpuNs;
        final String failure = generator.firstFailure.get();
        if (failure != null) {
            System.out.println(FAILURE_PREFIX + failure);
        }
        System.out.println(RESULT_PREFIX + "mode=" + options.mode() + " requests=" + measured.requests + " failures="
                + measured.failures + " warmup_failures=" + warmup.failures + " transfers=" + measured.transfers
                + " applied=" + measured.applied + " seconds=" + seconds + " cpu_ns=" + cpuNs
                + " histogram=" + encode(measured.latencyNs));
        System.out.flush();
        generator.transport.close();
        System.exit(0);
    }

    /** Runs every client for {@code seconds} and merges their tallies. */
    private Tally phase(final double seconds) throws InterruptedException {
        final long endNs = System.nanoTime() + (long) (seconds * 1e9);
        final CountDownLatch finished = new CountDownLatch(options.connections());
        final List<Client> clients = new ArrayList<>();
        for (int c = 0; c < options.connections(); c++) {
            clients.add(new Client(new SplittableRandom(options.seed() * 1_000_003L + c), endNs, finished));
        }
        clients.forEach(Client::next);
        finished.await();
        final Tally total = new Tally();
        for (final Client client : clients) {
            synchronized (client) {
                total.add(client.tally);
            }
        }
        return total;
    }

    /**
     * One closed-loop client: a request, its answer, the next request, until its end time; then
     * it counts down {@code finished}. Its answers arrive on the HTTP client's threads, one at a
     * time (it never has two requests out), so its state is guarded by its own lock only for
     * visibility between those threads. A failed exchange (no response) stops it.
     */
    private final class Client {
        private final SplittableRandom random;
        private final long endNs;
        private final CountDownLatch finished;
        private final Tally tally = new Tally();
        private long startNs;

        Client(final SplittableRandom random, final long endNs, final CountDownLatch finished) {
            this.random = random;
            this.endNs = endNs;
            this.finished = finished;
        }

        synchronized void next() {
            if (System.nanoTime() >= endNs) {
                finished.countDown();
                return;
            }
            final String body = body(random, tally);
            startNs = System.nanoTime();
            transport.send(options.base().resolve(path()), options.token(), body, this::answered);
        }

        private void answered(final HttpTransport.Response response, final Throwable failure) {
            synchronized (this) {
                tally.latencyNs.recordValue(Math.min(System.nanoTime() - startNs, LATENCY_NS_MAX));
                tally.requests++;
                if (response == null) {
                    fail(tally, "no response: " + failure);
                    finished.countDown();
                    return;
                }
                check(response, tally);
            }
            next();
        }
    }

    private String path() {
        return switch (options.mode()) {
            case "health" -> "/health";
            case "single" -> "/v1/transfers";
            default -> "/v1/transfers/batch";
        };
    }

    /** The next request's body (null for a GET). */
    private String body(final SplittableRandom random, final Tally tally) {
        return switch (options.mode()) {
            case "health" -> null;
            case "single" -> {
                tally.transfers++;
                yield payment(new StringBuilder(160), random, nextId.getAndIncrement()).toString();
            }
            default -> {
                final int count = options.batch();
                final long firstId = nextId.getAndAdd(count);
                final StringBuilder body = new StringBuilder(count * 120 + 16).append("{\"transfers\":[");
                for (int i = 0; i < count; i++) {
                    if (i > 0) {
                        body.append(',');
                    }
                    payment(body, random, firstId + i);
                }
                tally.transfers += count;
                yield body.append("]}").toString();
            }
        };
    }

    /** Appends one P2P payment between two different random wallets. */
    private StringBuilder payment(final StringBuilder body, final SplittableRandom random, final long transferId) {
        final long debit = options.firstWallet() + random.nextInt(options.wallets());
        long credit = options.firstWallet() + random.nextInt(options.wallets() - 1);
        if (credit >= debit) {
            credit++;
        }
        return body.append("{\"transferId\":").append(transferId).append(",\"debitAccountId\":").append(debit)
                .append(",\"creditAccountId\":").append(credit).append(",\"amountFen\":")
                .append(1 + random.nextInt(AMOUNT_FEN_MAX)).append(",\"code\":\"P2P\"}");
    }

    private void check(final HttpTransport.Response response, final Tally tally) {
        final int expected = switch (options.mode()) {
            case "single" -> 201;
            default -> 200;
        };
        if (response.status() != expected) {
            fail(tally, "status " + response.status() + " (expected " + expected + "): " + response.body());
            return;
        }
        switch (options.mode()) {
            case "single" -> tally.applied++;
            case "batch" -> tally.applied += applied(response.body());
            default -> {
            }
        }
    }

    /** The batch response's {@code applied} count (the server counts items whose result is OK). */
    private static long applied(final String body) {
        final int at = body.lastIndexOf(APPLIED_FIELD);
        if (at < 0) {
            return 0;
        }
        int end = at + APPLIED_FIELD.length();
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Long.parseLong(body, at + APPLIED_FIELD.length(), end, 10);
    }

    private void fail(final Tally tally, final String why) {
        tally.failures++;
        firstFailure.compareAndSet(null, why.replace('\n', ' '));
    }

    /** CPU time this process has used, all threads. */
    public static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String encode(final Histogram histogram) {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes a histogram printed by {@link #main}. */
    public static Histogram decode(final String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (final java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("the generator's histogram does not decode: " + e.getMessage(), e);
        }
    }
}
