package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.kpi.PilotProperties;

/** {@code tongbao kpi} over the demo's data directory (merchant, B2B, tax, fee and subsidy payments in March 2023). */
class KpiCommandTest {
    @TempDir
    Path temporary;

    private Path data;

    @BeforeEach
    void runTheDemo() {
        data = temporary.resolve("demo");
        new DemoScenario(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), data).run();
    }

    @Test
    void printsOneJsonDocumentWithEveryTarget() {
        final String json = run("kpi", "--data", data.toString(), "--format", "json");

        assertThat(json).startsWith("{\"asOf\":\"2023-03-0").contains("\"targets\":[")
                .contains("\"name\":\"volume-2023\"").contains("\"name\":\"sme-loans-2023\"")
                .contains("\"name\":\"fintech-2025\"").contains("\"target\":2000000000000")
                .contains("\"percent\":").contains("\"status\":\"").contains("\"forecast\":");
    }

    @Test
    void printsATableAndSplitsATargetByDistrict() {
        final String table = run("kpi", "--data", data.toString(), "--target", "volume-2023", "--by", "district",
                "--as-of", "2023-03-31");

        assertThat(table).contains("KPI targets at the end of 2023-03-31").contains("volume-2023")
                .doesNotContain("sme-loans-2023").contains("at risk").contains("Money in CNY");
    }

    @Test
    void splitsATargetByCampaignAndRefusesAMistypedDimensionNamingThem() {
        final String json = run("kpi", "--data", data.toString(), "--target", "volume-2023", "--by", "campaign",
                "--format", "json");

        assertThat(json).contains("\"by\":{\"dimension\":\"CAMPAIGN\",\"values\":[{\"label\":\"none\",");
        final PrintStream original = System.err;
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            assertThat(TongbaoCommand.execute("kpi", "--data", data.toString(), "--by", "campaigns")).isEqualTo(1);
        } finally {
            System.setErr(original);
        }
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("sector, campaign");
    }

    @Test
    void printsCsvWithAHeader() {
        final String csv = run("kpi", "--data", data.toString(), "--format", "csv");

        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("name,unit,actual,target,percent");
        assertThat(csv.lines().count()).isEqualTo(4);
    }

    @Test
    void scalesTheTargetsToTheFractionOfTheCityTheDataStandsForAndSaysSo() {
        new PilotProperties(0.0005).write(data);

        assertThat(run("kpi", "--data", data.toString(), "--format", "json")).contains("\"scale\":0.0005")
                .contains("\"target\":1000000000,");
        assertThat(run("kpi", "--data", data.toString())).contains("Targets scaled to 0.05% of the city");
    }

    @Test
    void anUnknownTargetIsAFailureNamingTheTargets() {
        assertThat(TongbaoCommand.execute("kpi", "--data", data.toString(), "--target", "nope")).isEqualTo(1);
    }

    private static String run(final String... args) {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(TongbaoCommand.execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
