package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tongbao.engine.ResultCode;

class ApiContractTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        final TreeSet<String> registered = new TreeSet<>(api.server.routes());
        registered.removeAll(DashboardRoutes.ROUTES); // the dashboard's static files are no part of the JSON API
        assertThat(registered).isEqualTo(new TreeSet<>(OpenApiContract.INSTANCE.routes()));
    }

    @Test
    void everyResultCodeMapsToOneErrorStatusAndOkToSuccess() {
        for (final ResultCode code : ResultCode.values()) {
            final int status = ResultStatus.status(code);
            if (code == ResultCode.OK) {
                assertThat(status).isEqualTo(200);
            } else {
                assertThat(status).as(code.name()).isIn(404, 409, 422, 507);
                assertThat(Problem.of(code, null).detail()).isEqualTo(code.message());
            }
        }
    }

    @Test
    void servesTheDocumentAsYamlAndJsonWithoutAToken() {
        final TestApi.Response yaml = api.get(null, "/openapi.yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.raw().body()).startsWith("openapi: 3.1.0");
        final TestApi.Response json = api.get(null, "/openapi.json");
        assertThat(json.get("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void rendersTheReferencePageWithEveryPathAndNoExternalResource() {
        final TestApi.Response docs = api.get(null, "/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Content-Type")).startsWith("text/html");
        for (final String route : OpenApiContract.INSTANCE.routes()) {
            assertThat(docs.raw().body()).contains(route.substring(route.indexOf(' ') + 1).replace("&", "&amp;"));
        }
        assertThat(docs.raw().body()).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void theContractCheckRefusesABodyThatDiffersFromTheDocument() {
        final com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.put("id", "not a number");
        assertThat(OpenApiContract.INSTANCE.check("GET", "/v1/accounts/1", 200, "application/json", body)).isNotEmpty();
    }

    @Test
    void overloadIsAnsweredWith503AndRetryAfterNeverAQueueWithoutBound() throws Exception {
        final java.util.List<TestApi.Response> responses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (TestApi small = new TestApi(ApiConfig.defaults(java.nio.file.Files.createTempDirectory("tongbao-busy-"))
                .withPort(0).withLimits(1, 16_384, 1_000))) {
            final java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 24; t++) {
                final Thread thread = new Thread(() -> {
                    for (int i = 0; i < 20; i++) {
                        responses.add(small.get(null, "/health"));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(200, 503));
        final TestApi.Response refused = responses.stream().filter(r -> r.status() == 503).findFirst().orElseThrow();
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.get("type").asText()).isEqualTo("urn:tongbao:problem:overloaded");
    }

    @Test
    void answersAnUnknownRouteWithAProblemDocument() {
        final TestApi.Response response = api.get(api.auditor, "/v1/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.get("type").asText()).isEqualTo("urn:tongbao:problem:no-such-route");
    }
}
