package org.tongbao.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongbao.kpi.target.Target;

/** {@code DIR/pilot.properties} and the KPI targets scaled to the fraction of the city a data directory stands for. */
class PilotPropertiesTest {
    @TempDir
    Path data;

    @Test
    void aDirectoryWithoutTheFileStandsForTheWholeCity() {
        assertThat(PilotProperties.read(data)).isEqualTo(PilotProperties.WHOLE_CITY);
        assertThat(PilotProperties.read(data).scaled()).isFalse();
    }

    @Test
    void theScaleWrittenIsTheScaleRead() {
        new PilotProperties(0.0005).write(data);

        assertThat(PilotProperties.read(data).scale()).isEqualTo(0.0005);
        assertThat(PilotProperties.read(data).label()).isEqualTo("0.05% of the city");
    }

    @Test
    void scalesMoneyTargetsToTheFenAndCountsToWholeThingsNeverBelowOne() {
        final KpiConfig scaled = new PilotProperties(0.0005).apply(KpiConfig.defaults());

        assertThat(scaled.targets()).extracting(Target::name, Target::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("volume-2023", 1_000_000_000_00L),
                org.assertj.core.groups.Tuple.tuple("sme-loans-2023", 100_000_000_00L),
                org.assertj.core.groups.Tuple.tuple("fintech-2025", 1L));
        assertThat(new PilotProperties(0.01).apply(KpiConfig.defaults()).targets().get(2).amount()).isEqualTo(10);
        assertThat(scaled.definitions()).isEqualTo(KpiConfig.defaults().definitions());
    }

    @Test
    void theWholeCityKeepsTheConfigurationAsItIs() {
        final KpiConfig defaults = KpiConfig.defaults();

        assertThat(PilotProperties.WHOLE_CITY.apply(defaults)).isSameAs(defaults);
    }

    @Test
    void refusesAFileWhoseScaleIsNotAFraction() throws Exception {
        Files.writeString(data.resolve(PilotProperties.FILE_NAME), "scale=2\n");

        assertThatThrownBy(() -> PilotProperties.read(data)).hasMessageContaining("pilot.properties")
                .hasMessageContaining("above 0 and at most 1");
    }
}
