package org.tongbao.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI document as the tests hold the server to it: the documented routes, and a check
 * that a response's body validates against the schema documented for its route, status and
 * media type (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
final class OpenApiContract {
    static final OpenApiContract INSTANCE = new OpenApiContract();

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            document = OpenApiDocument.tree(in.readAllBytes());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** Every documented route as {@code METHOD /path}. */
    List<String> routes() {
        final List<String> routes = new ArrayList<>();
        for (final Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            final Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method ->
                    routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        return routes;
    }

    /** Problems with {@code body} against the documented response; empty when it conforms. */
    List<String> check(final String method, final String concretePath, final int status, final String contentType,
                       final JsonNode body) {
        final String template = template(concretePath);
        if (template == null) {
            return status == 404 && contentType != null && contentType.startsWith("application/problem+json")
                    ? errors("unmatched " + concretePath, document.path("components").path("responses").path("Problem")
                            .path("content").path("application/problem+json").path("schema"), body)
                    : List.of("no documented path matches " + concretePath);
        }
        final JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(method + " " + template + " is not documented");
        }
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = operation.path("responses").path("default");
        }
        if (response.isMissingNode()) {
            return List.of(method + " " + template + " documents no response " + status);
        }
        response = resolve(response);
        final String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        final JsonNode media = response.path("content").path(mediaType);
        if (media.isMissingNode()) {
            return List.of(method + " " + template + " " + status + " documents no content of type " + mediaType);
        }
        return errors(method + " " + template + " " + status + " " + mediaType, media.path("schema"), body);
    }

    private List<String> errors(final String key, final JsonNode schemaNode, final JsonNode body) {
        final Schema schema = schemas.computeIfAbsent(key, k -> schemaOf(schemaNode));
        final List<String> problems = new ArrayList<>();
        for (final Error error : schema.validate(body)) {
            problems.add(key + ": " + error);
        }
        return problems;
    }

    private Schema schemaOf(final JsonNode schema) {
        final ObjectNode root = Json.object();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.putArray("allOf").add(schema.deepCopy());
        root.set("components", document.path("components").deepCopy());
        return registry.getSchema(root);
    }

    private JsonNode resolve(final JsonNode node) {
        final JsonNode ref = node.path("$ref");
        if (!ref.isTextual()) {
            return node;
        }
        return document.at(ref.textValue().substring(1));
    }

    private String template(final String concretePath) {
        final String path = concretePath.split("\\?")[0];
        for (final Iterator<String> templates = document.path("paths").fieldNames(); templates.hasNext();) {
            final String template = templates.next();
            if (path.matches(template.replaceAll("\\{[^}]+}", "[^/]+"))) {
                return template;
            }
        }
        return null;
    }
}
