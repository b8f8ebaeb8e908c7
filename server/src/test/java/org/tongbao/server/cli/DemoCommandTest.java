package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ShanghaiCalendar;

/**
 * {@code tongbao demo} at a tiny scale: with {@code --no-serve} it stops after the tables; otherwise
 * it serves the simulated pilot (a child JVM on a free port), answers with the city-admin token it
 * printed while live traffic moves on to the next days, and stops cleanly on SIGTERM (as on Ctrl-C).
 */
class DemoCommandTest {
    private static final Pattern BASE = Pattern.compile("API base (http://localhost:\\d+)/v1");
    private static final Pattern CITY_ADMIN = Pattern.compile("^\\s+city-admin\\s+(tb_\\S+)");
    /** A live day after the first: figures are as of the last complete day, so at least 1 February by then. */
    private static final Pattern OPERATOR = Pattern.compile("^\\s+operator\\s+(tb_\\S+)\\s+\\(operator reserve \\d+\\)");
    private static final Pattern OPERATOR_ID = Pattern.compile("^\\s+operator\\s+tb_\\S+\\s+\\(operator reserve (\\d+)\\)");
    private static final Pattern LIVE_DAY = Pattern.compile("^live: (2023-02-(0[2-9]|[12]\\d)) simulated");

    @TempDir
    Path temporary;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void withoutServingItPrintsTheTablesWithTheTargetsScaledAndStops() {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(TongbaoCommand.execute("demo", "--data", temporary.resolve("tables").toString(), "--scale", "0.00005",
                    "--until", "2023-01-10", "--no-serve")).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Where the city's targets stand on 2023-01-10")
                .contains("Targets scaled to 0.005% of the city").doesNotContain("Serving");
    }

    @Test
    void servesThePilotWithTheTokensItPrintsWhileLiveTrafficMovesAndStopsCleanly() throws Exception {
        final Path data = temporary.resolve("served");
        final Process demo = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx768m",
                "-cp", System.getProperty("java.class.path"), "org.tongbao.server.cli.TongbaoCommand", "demo",
                "--data", data.toString(), "--scale", "0.00005", "--until", "2023-01-31", "--port", "0",
                "--live-rate", "5000").redirectErrorStream(true).start();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader = read(demo, lines);
        try {
            final String base = await(lines, BASE);
            final String token = await(lines, CITY_ADMIN);
            assertThat(get(base + "/health", null).statusCode()).isEqualTo(200);
            final HttpResponse<String> targets = get(base + "/v1/kpi/targets", token);
            assertThat(targets.statusCode()).isEqualTo(200);
            assertThat(targets.body()).contains("\"scaleNote\":\"targets scaled to 0.005% of the city\"");
            assertThat(LocalDate.parse(await(lines, LIVE_DAY))).isAfter(LocalDate.of(2023, 2, 1));
            assertThat(get(base + "/v1/kpi/targets/volume-2023", token).body()).doesNotContain("\"asOf\":\"2023-01-31\"");
            assertTransfersFromTheHistory(base, await(lines, OPERATOR), await(lines, OPERATOR_ID));
            assertThat(data.resolve("history.db")).exists();

            // SIGTERM, as Ctrl-C's SIGINT, through the handle: Process.destroy would also close the output we read.
            assertThat(demo.toHandle().destroy()).isTrue();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
        } finally {
            demo.destroyForcibly();
        }
        assertThat(lines).contains("tongbao demo: stopped");
        final Ledger ledger = Recovery.recover(new DataDirectory(data),
                LedgerConfigFile.read(data.resolve(LedgerConfigFile.FILE_NAME)), false, false).ledger();
        assertThat(ledger.checkInvariants()).isEmpty();
        assertThat(LocalDate.ofEpochDay(ShanghaiCalendar.epochDay(ledger.timestampMs()))).isAfter(LocalDate.of(2023, 1, 31));
    }

    /** The demo serves the history: an operator bank's transfers fill in as the projection catches up. */
    private void assertTransfersFromTheHistory(final String base, final String token, final String operator)
            throws Exception {
        final String url = base + "/v1/operators/" + operator + "/transfers?limit=5";
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        HttpResponse<String> transfers = get(url, token);
        while (!transfers.body().contains("\"transferId\"") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            transfers = get(url, token);
        }
        assertThat(transfers.statusCode()).as(transfers.body()).isEqualTo(200);
        assertThat(transfers.body()).contains("\"transferId\"").contains("\"projectedSequence\"");
        assertThat(get(base + "/health", null).body()).doesNotContain("\"state\":\"OFF\"");
    }

    private static Thread read(final Process process, final List<String> lines) {
        final Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (final IOException e) {
                // the child is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** The first group of the first line matching {@code pattern}, waiting up to two minutes for it. */
    private static String await(final List<String> lines, final Pattern pattern) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (final String line : lines) {
                final Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the demo printed no line matching " + pattern + "; it printed: " + lines);
    }

    private HttpResponse<String> get(final String url, final String token) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
