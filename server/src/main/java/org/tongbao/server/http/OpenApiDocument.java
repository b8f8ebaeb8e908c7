package org.tongbao.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The API's OpenAPI 3.1 document ({@code openapi.yaml} on the class path): served as written
 * at {@code /openapi.yaml}, as JSON at {@code /openapi.json}, and rendered once at start into
 * the static reference page at {@code /docs} (no script, no network: it works offline).
 * Immutable; any thread.
 */
public final class OpenApiDocument {
    public static final String RESOURCE = "/openapi.yaml";

    private final byte[] yaml;
    private final byte[] json;
    private final byte[] html;

    private OpenApiDocument(final byte[] yaml, final JsonNode tree) throws IOException {
        this.yaml = yaml;
        this.json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        this.html = render(tree).getBytes(StandardCharsets.UTF_8);
    }

    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the class path");
            }
            final byte[] yaml = in.readAllBytes();
            return new OpenApiDocument(yaml, tree(yaml));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml", e);
        }
    }

    /** The document parsed as a JSON tree. */
    public static JsonNode tree(final byte[] yaml) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }

    byte[] yaml() {
        return yaml;
    }

    byte[] json() {
        return json;
    }

    byte[] html() {
        return html;
    }

    private static String render(final JsonNode doc) {
        final StringBuilder out = new StringBuilder(64 * 1024);
        final JsonNode info = doc.path("info");
        out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(info.path("title").asText())).append(" - API reference</title><style>")
                .append("body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append("code,pre{font:13px ui-monospace,monospace;background:#f5f5f5}pre{padding:.6rem;overflow:auto}")
                .append("details{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}")
                .append("summary{cursor:pointer}.m{display:inline-block;width:4rem;font-weight:bold}")
                .append(".get{color:#0a6}.post{color:#06c}nav a{margin-right:1rem}</style></head><body>");
        out.append("<h1>").append(escape(info.path("title").asText())).append(" <small>")
                .append(escape(info.path("version").asText())).append("</small></h1>");
        out.append("<p>").append(escape(info.path("description").asText()).replace("\n\n", "</p><p>")).append("</p>");
        out.append("<nav><a href=\"/openapi.yaml\">openapi.yaml</a><a href=\"/openapi.json\">openapi.json</a></nav>");
        String tag = null;
        for (final Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            final Map.Entry<String, JsonNode> path = paths.next();
            for (final Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                final Map.Entry<String, JsonNode> op = ops.next();
                final String opTag = op.getValue().path("tags").path(0).asText("other");
                if (!opTag.equals(tag)) {
                    tag = opTag;
                    out.append("<h2>").append(escape(tag)).append("</h2>");
                }
                operation(out, path.getKey(), op.getKey(), op.getValue());
            }
        }
        out.append("<h2>Schemas</h2>");
        for (final Iterator<Map.Entry<String, JsonNode>> schemas = doc.path("components").path("schemas").fields();
             schemas.hasNext();) {
            final Map.Entry<String, JsonNode> schema = schemas.next();
            out.append("<details id=\"schema-").append(escape(schema.getKey())).append("\"><summary><code>")
                    .append(escape(schema.getKey())).append("</code> ")
                    .append(escape(schema.getValue().path("description").asText())).append("</summary><pre>")
                    .append(escape(schema.getValue().toPrettyString())).append("</pre></details>");
        }
        return out.append("</body></html>").toString();
    }

    private static void operation(final StringBuilder out, final String path, final String method, final JsonNode op) {
        out.append("<details><summary><span class=\"m ").append(method).append("\">")
                .append(method.toUpperCase(java.util.Locale.ROOT)).append("</span><code>").append(escape(path))
                .append("</code> ").append(escape(op.path("summary").asText())).append("</summary>");
        out.append("<p>").append(escape(op.path("description").asText())).append("</p>");
        final JsonNode security = op.path("x-roles");
        if (security.isArray()) {
            out.append("<p><b>Roles:</b> ").append(escape(security.toString())).append("</p>");
        }
        final JsonNode body = op.path("requestBody").path("content").path("application/json");
        if (!body.isMissingNode()) {
            out.append("<p><b>Request body</b>: <code>").append(escape(body.path("schema").path("$ref").asText()))
                    .append("</code></p>");
            if (body.has("example")) {
                out.append("<pre>").append(escape(body.path("example").toPrettyString())).append("</pre>");
            }
        }
        out.append("<p><b>Responses:</b></p><ul>");
        for (final Iterator<Map.Entry<String, JsonNode>> responses = op.path("responses").fields(); responses.hasNext();) {
            final Map.Entry<String, JsonNode> response = responses.next();
            out.append("<li><code>").append(escape(response.getKey())).append("</code> ")
                    .append(escape(response.getValue().path("description").asText())).append("</li>");
        }
        out.append("</ul></details>");
    }

    private static String escape(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
