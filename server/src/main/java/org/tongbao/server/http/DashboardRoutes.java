package org.tongbao.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The city's pilot dashboard: a static page at {@code /} with its script and style under
 * {@code /assets/}, and Apache ECharts from its WebJar at {@code /assets/echarts.min.js} (so
 * the page loads nothing from another host and needs no front-end build). The page itself is
 * public, like {@code /docs}; every figure on it comes from {@code /v1/kpi/...} with the
 * bearer token the visitor signs in with. The files are read from the class path once, at
 * registration, into memory (about 1 MB, nearly all ECharts).
 *
 * <p>Thread-safety: registered once at start; the handlers only read immutable bytes.
 */
final class DashboardRoutes {
    /** The dashboard's routes: static files, not part of the JSON API or its OpenAPI document. */
    static final List<String> ROUTES = List.of("GET /", "GET /assets/dashboard.css", "GET /assets/dashboard.js",
            "GET /assets/i18n.js", "GET /assets/echarts.min.js");

    private static final String FOLDER = "/dashboard/";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";
    /** Same-origin only; ECharts sets inline styles on its tooltips, hence 'unsafe-inline' for styles alone. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'";

    private DashboardRoutes() {
    }

    static void register(final ApiServer.RouteTable routes) {
        file(routes, "/", FOLDER + "index.html", "text/html; charset=utf-8");
        file(routes, "/assets/dashboard.css", FOLDER + "dashboard.css", "text/css; charset=utf-8");
        file(routes, "/assets/dashboard.js", FOLDER + "dashboard.js", "text/javascript; charset=utf-8");
        file(routes, "/assets/i18n.js", FOLDER + "i18n.js", "text/javascript; charset=utf-8");
        file(routes, "/assets/echarts.min.js", echartsPath(), "text/javascript; charset=utf-8");
    }

    private static void file(final ApiServer.RouteTable routes, final String path, final String resource,
                             final String contentType) {
        final byte[] bytes = read(resource);
        routes.publicGet(path, ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Content-Type-Options", "nosniff");
            if (contentType.startsWith("text/html")) {
                ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            }
            ctx.contentType(contentType).result(bytes);
        });
    }

    /** Where the WebJar keeps the bundled ECharts, by the version its Maven metadata names. */
    private static String echartsPath() {
        final Properties pom = new Properties();
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the ECharts WebJar is not on the class path (" + ECHARTS_POM + ")");
            }
            pom.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return "/META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/echarts.min.js";
    }

    private static byte[] read(final String resource) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
