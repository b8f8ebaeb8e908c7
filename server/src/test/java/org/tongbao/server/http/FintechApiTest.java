package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongbao.server.http.TestApi.expect;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongbao.kpi.registry.RegistrationResult;
import org.tongbao.kpi.registry.UnifiedSocialCreditCode;

/** The fintech enterprise registry over HTTP: city administrators register, the aggregate readers list and count. */
class FintechApiTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A valid unified social credit code ending in {@code serial} (9 digits). */
    private static String code(final long serial) {
        final String first17 = String.format("91320583%09d", serial);
        return first17 + UnifiedSocialCreditCode.checkCharacter(first17);
    }

    private static String registration(final String name, final String code, final String sectors, final int district) {
        return "{\"name\":\"" + name + "\",\"creditCode\":\"" + code + "\",\"sectors\":" + sectors + ",\"district\":"
                + district + ",\"registered\":\"2023-05-04\"}";
    }

    @Test
    void aCityAdministratorRegistersAnEnterpriseThatIsThenCountedBySectorAndDistrict() throws Exception {
        final TestApi.Response created = expect(201, api.post(api.cityAdmin, "/v1/fintech-enterprises",
                registration("Lattice AI", code(1), "[\"AI\",\"machine learning\"]", 320583)));

        assertThat(created.get("sectors")).extracting(s -> s.asText()).containsExactly("AI", "MACHINE_LEARNING");
        assertThat(created.get("districtLabel").asText()).isEqualTo("Kunshan");
        final TestApi.Response counts = expect(200, api.get(api.auditor, "/v1/fintech-enterprises/counts?asOf=2023-05-04"));
        assertThat(counts.get("bySector")).anySatisfy(s -> {
            assertThat(s.get("sector").asText()).isEqualTo("AI");
            assertThat(s.get("count").asLong()).isPositive();
        });
        assertThat(counts.get("byDistrict")).anySatisfy(d -> assertThat(d.get("label").asText()).isEqualTo("Kunshan"));
        assertThat(expect(200, api.get(api.cityAdmin, "/v1/fintech-enterprises/counts?asOf=2023-05-03")).get("total")
                .asLong()).isZero();
        assertThat(Files.readString(api.data.resolve("kpi").resolve("fintech-registry.tsv"))).contains(code(1));
    }

    @Test
    void aWrongCheckCharacterIsRefusedWithTheRegistrysMessage() {
        final String good = code(2);
        final String bad = good.substring(0, 17) + (good.charAt(17) == '0' ? '1' : '0');
        final TestApi.Response refused = expect(422, api.post(api.cityAdmin, "/v1/fintech-enterprises",
                registration("Typo Data", bad, "[\"data\"]", 320505)));

        assertThat(refused.get("type").asText()).isEqualTo("urn:tongbao:problem:code-check-digit-mismatch");
        assertThat(refused.get("detail").asText()).startsWith(RegistrationResult.CODE_CHECK_DIGIT_MISMATCH.message());
        assertThat(refused.get("field").asText()).isEqualTo("creditCode");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"name\":\"x\",\"creditCode\":\"91320583\",\"sectors\":[\"AI\"],\"district\":320505}|code-wrong-length|creditCode",
        "{\"name\":\"x\",\"creditCode\":\"91320583000000000I\",\"sectors\":[\"AI\"],\"district\":320505}|code-invalid-character|creditCode",
        "{\"creditCode\":\"91320583000000003X\",\"sectors\":[\"AI\"],\"district\":320505}|name-required|name",
        "{\"name\":\"x\",\"creditCode\":\"@CODE\",\"district\":320505}|sector-required|sectors",
        "{\"name\":\"x\",\"creditCode\":\"@CODE\",\"sectors\":[\"quantum\"],\"district\":320505}|unknown-sector|sectors",
        "{\"name\":\"x\",\"creditCode\":\"@CODE\",\"sectors\":[\"AI\"],\"district\":12}|district-invalid|district"})
    void eachRefusalIsA422NamingItsField(final String body, final String type, final String field) {
        final TestApi.Response refused = expect(422, api.post(api.cityAdmin, "/v1/fintech-enterprises",
                body.replace("@CODE", code(3))));

        assertThat(refused.get("type").asText()).isEqualTo("urn:tongbao:problem:" + type);
        assertThat(refused.get("field").asText()).isEqualTo(field);
    }

    @Test
    void theSameRegistrationAgainAnswersAsTheFirstButOtherFieldsUnderTheCodeAreAConflict() {
        final String body = registration("Chain Works", code(4), "[\"blockchain\"]", 320508);
        expect(201, api.post(api.cityAdmin, "/v1/fintech-enterprises", body));

        final TestApi.Response again = expect(201, api.post(api.cityAdmin, "/v1/fintech-enterprises", body));
        assertThat(again.header(ApiContext.REPLAYED)).isEqualTo("true");
        final TestApi.Response other = expect(409, api.post(api.cityAdmin, "/v1/fintech-enterprises",
                registration("Chain Works Two", code(4), "[\"blockchain\"]", 320508)));
        assertThat(other.get("type").asText()).isEqualTo("urn:tongbao:problem:duplicate-code");
    }

    @Test
    void listsEnterprisesInRegistrationOrderByCursor() {
        for (long serial = 10; serial < 13; serial++) {
            expect(201, api.post(api.cityAdmin, "/v1/fintech-enterprises",
                    registration("Cloud " + serial, code(serial), "[\"cloud computing\"]", 320571)));
        }
        final TestApi.Response first = expect(200, api.get(api.cityAdmin, "/v1/fintech-enterprises?limit=2"));
        assertThat(first.get("items")).hasSize(2);

        String cursor = first.get("nextCursor").asText();
        int seen = 2;
        while (true) {
            final TestApi.Response page = expect(200, api.get(api.centralBank, "/v1/fintech-enterprises?limit=2&cursor="
                    + cursor));
            seen += page.get("items").size();
            if (page.get("nextCursor").isNull()) {
                break;
            }
            cursor = page.get("nextCursor").asText();
        }
        assertThat(seen).isEqualTo(expect(200, api.get(api.auditor, "/v1/fintech-enterprises?limit=1000")).get("items")
                .size());
    }

    @Test
    void onlyACityAdministratorRegisters() {
        final String body = registration("Not Allowed", code(20), "[\"AI\"]", 320505);
        for (final String token : new String[] {api.centralBank, api.auditor, api.operatorA, api.merchantA}) {
            assertThat(expect(403, api.post(token, "/v1/fintech-enterprises", body)).get("type").asText())
                    .isEqualTo("urn:tongbao:problem:forbidden");
        }
        expect(401, api.post(null, "/v1/fintech-enterprises", body));
    }
}
