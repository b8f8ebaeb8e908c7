package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tongbao bench http} end to end with tiny numbers: a real server, the load generator in
 * a child JVM, every phase; the last line has the promised form and its figures are the phases'
 * own, and the counts add up (a batch request carries --batch transfers, a single request one,
 * every one applied). No timing is asserted.
 */
class BenchHttpCommandTest {
    private static final Pattern LAST_LINE = Pattern.compile(
            "^http batch_tps=(\\d+) single_rps=(\\d+) single_p99_ms=(\\d+\\.\\d{2})$");
    private static final Pattern PHASE = Pattern.compile(
            "^  (.+?)\\s+([\\d,]+) (transfers|requests)/s \\(([\\d,]+) transfers in ([\\d,]+) requests, [\\d.]+ s\\)"
                    + ", p50 [\\d.]+ ms, p99 ([\\d.]+) ms.*$");
    private static final int BATCH = 50;

    @TempDir
    Path temporary;

    @Test
    void runsEveryPhaseAndPrintsTheLastLineWithCountsThatAddUp() throws Exception {
        final List<String> lines = run("--seconds", "0.5", "--warmup-seconds", "0.2", "--connections", "4",
                "--batch", String.valueOf(BATCH), "--wallets", "200", "--bench-dir", temporary.toString());

        final Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as("last line: %s", lines.get(lines.size() - 1)).isTrue();
        final Matcher health = phase(lines, "GET /health");
        final Matcher single = phase(lines, "POST /v1/transfers");
        final Matcher batch = phase(lines, "POST /v1/transfers/batch");
        assertThat(number(health, 4)).isZero();
        assertThat(number(health, 5)).isPositive();
        assertThat(number(single, 4)).isPositive().isEqualTo(number(single, 5));
        assertThat(number(batch, 4)).isPositive().isEqualTo(number(batch, 5) * BATCH);
        assertThat(Long.parseLong(last.group(1))).isEqualTo(number(batch, 2));
        assertThat(Long.parseLong(last.group(2))).isEqualTo(number(single, 2));
        assertThat(last.group(3)).isEqualTo(single.group(6));
        assertThat(phase(lines, "in process, 1-transfer blocks").group(3)).isEqualTo("transfers");
        assertThat(phase(lines, "in process, " + BATCH + "-transfer blocks").group(3)).isEqualTo("transfers");
        try (var left = Files.list(temporary)) {
            assertThat(left).as("the temporary data directory is deleted").isEmpty();
        }
    }

    @Test
    void refusesABatchLargerThanTheApiTakes() throws Exception {
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(TongbaoCommand.execute("bench", "http", "--batch", "9000", "--bench-dir", temporary.toString()))
                    .isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--batch must be 1..8000")
                .doesNotContain("Exception");
    }

    private static List<String> run(final String... options) {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final int exit;
        try {
            final String[] args = new String[options.length + 2];
            args[0] = "bench";
            args[1] = "http";
            System.arraycopy(options, 0, args, 2, options.length);
            exit = TongbaoCommand.execute(args);
        } finally {
            System.setOut(original);
        }
        final String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        return output.lines().toList();
    }

    private static Matcher phase(final List<String> lines, final String name) {
        for (final String line : lines) {
            final Matcher matcher = PHASE.matcher(line);
            if (matcher.matches() && matcher.group(1).equals(name)) {
                return matcher;
            }
        }
        throw new AssertionError("no line for " + name + " in " + lines);
    }

    private static long number(final Matcher matcher, final int group) {
        return Long.parseLong(matcher.group(group).replace(",", ""));
    }
}
