package org.tongbao.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.target.Target;

/** A city's own targets from DIR/kpi/targets.properties: read whole, or refused saying where. */
class TargetsFileTest {
    @TempDir
    Path data;

    private void write(final String text) throws Exception {
        Files.createDirectories(data.resolve("kpi"));
        Files.writeString(data.resolve(TargetsFile.RELATIVE_PATH), text);
    }

    @Test
    void keepsTheSeedTargetsWhenThereIsNoFile() {
        assertThat(TargetsFile.apply(KpiConfig.defaults(), data)).isEqualTo(KpiConfig.defaults());
    }

    @Test
    void readsTargetsInCnyUsdAndCountsWithAFilterAndTheRate() throws Exception {
        write("""
                cny-per-usd = 7
                kunshan-volume.metric = TRANSACTION_VOLUME
                kunshan-volume.cny = 300_000_000_000
                kunshan-volume.start = 2023-01-01
                kunshan-volume.deadline = 2023-12-31
                kunshan-volume.filter = DISTRICT=320583
                loans-usd.metric = SME_LOANS_DISBURSED
                loans-usd.usd = 1000
                loans-usd.start = 2023-01-01
                loans-usd.deadline = 2023-12-31
                fintech.metric = FINTECH_ENTERPRISES
                fintech.count = 1000
                fintech.start = 2023-01-01
                fintech.deadline = 2025-12-31
                """);

        final KpiConfig config = TargetsFile.apply(KpiConfig.defaults(), data);

        assertThat(config.cnyPerUsd()).isEqualByComparingTo(new BigDecimal("7"));
        assertThat(config.targets()).extracting(Target::name).containsExactly("fintech", "kunshan-volume", "loans-usd");
        final Target kunshan = config.targets().get(1);
        assertThat(kunshan).isEqualTo(Target.cny("kunshan-volume", Metric.TRANSACTION_VOLUME, 300_000_000_000L,
                LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31)).filtered(Dimension.DISTRICT, 320583));
        assertThat(config.targets().get(2).amount()).isEqualTo(7_000_00L);
        assertThat(config.targets().get(0).amount()).isEqualTo(1_000);
    }

    @Test
    void refusesATargetWithoutAnAmountNamingTheKeysItNeeds() throws Exception {
        write("""
                v.metric = TRANSACTION_VOLUME
                v.start = 2023-01-01
                v.deadline = 2023-12-31
                """);

        assertThatThrownBy(() -> TargetsFile.apply(KpiConfig.defaults(), data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets.properties")
                .hasMessageContaining("v.cny, v.usd or v.count");
    }

    @Test
    void refusesAnUnknownMetricABadDateAFractionalAmountAndABadFilter() throws Exception {
        final String good = "v.cny = 100\nv.start = 2023-01-01\nv.deadline = 2023-12-31\n";
        write("v.metric = VOLUME\n" + good);
        assertThatThrownBy(() -> TargetsFile.apply(KpiConfig.defaults(), data)).hasMessageContaining("no metric named VOLUME");
        write("v.metric = TRANSACTION_VOLUME\nv.cny = 100\nv.start = 2023-13-01\nv.deadline = 2023-12-31\n");
        assertThatThrownBy(() -> TargetsFile.apply(KpiConfig.defaults(), data)).hasMessageContaining("v.start is not a date");
        write("v.metric = TRANSACTION_VOLUME\nv.cny = 100.5\nv.start = 2023-01-01\nv.deadline = 2023-12-31\n");
        assertThatThrownBy(() -> TargetsFile.apply(KpiConfig.defaults(), data)).hasMessageContaining("whole number");
        write("v.metric = TRANSACTION_VOLUME\nv.filter = TOWN=1\n" + good);
        assertThatThrownBy(() -> TargetsFile.apply(KpiConfig.defaults(), data)).hasMessageContaining("DIMENSION=VALUE");
    }

    @Test
    void readsMonthlyPhasingAndPacesTheTargetByIt() throws Exception {
        write("""
                v.metric = TRANSACTION_VOLUME
                v.cny = 1200
                v.start = 2023-01-01
                v.deadline = 2023-12-31
                v.phasing = 0,0,0,0,0,0,0,0,0,0,0,1
                """);

        final Target target = TargetsFile.apply(KpiConfig.defaults(), data).targets().get(0);

        assertThat(target.isPhased()).isTrue();
        assertThat(target.expectedShare(334)).isZero();
        assertThat(target.expectedShare(365)).isEqualTo(1.0);
        assertThat(target.expectedShare(334 + 31 / 2 + 1)).isCloseTo(16.0 / 31, offset(1e-9));
    }

    @Test
    void refusesPhasingThatIsNotTwelveWeights() throws Exception {
        write("v.metric = TRANSACTION_VOLUME\nv.cny = 100\nv.start = 2023-01-01\nv.deadline = 2023-12-31\n"
                + "v.phasing = 1,2,3\n");

        assertThatThrownBy(() -> TargetsFile.apply(KpiConfig.defaults(), data)).hasMessageContaining("twelve weights");
    }
}
