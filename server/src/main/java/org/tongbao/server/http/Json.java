package org.tongbao.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * JSON in and out. Parsing is strict: one JSON object per body, no trailing tokens, no
 * duplicate keys, numbers kept exact (floats as decimals, so a fractional amount is seen as
 * such), bounded nesting. Thread-safe (the mapper is configured once and only read).
 */
public final class Json {
    public static final String CONTENT_TYPE = "application/json";
    public static final String PROBLEM_CONTENT_TYPE = "application/problem+json";
    private static final int NESTING_DEPTH_MAX = 16;
    private static final int NUMBER_LENGTH_MAX = 64;

    static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    private static ObjectMapper mapper() {
        final JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(NESTING_DEPTH_MAX)
                        .maxNumberLength(NUMBER_LENGTH_MAX).build())
                // Requests run on virtual threads, new for each request: a per-thread pool would
                // allocate fresh parser and generator buffers every time, so share one pool.
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        final ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        return mapper;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * The request body as a JSON object, checked for media type and syntax. An empty body reads
     * as {@code {}} (so action endpoints may be called without one).
     */
    public static JsonFields body(final Context ctx, final long bodyBytesMax) {
        final long declared = ctx.contentLength();
        if (declared > bodyBytesMax) {
            throw tooLarge(bodyBytesMax);
        }
        final byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > bodyBytesMax) {
            throw tooLarge(bodyBytesMax);
        }
        if (bytes.length == 0) {
            return new JsonFields(object(), "");
        }
        requireJsonMediaType(ctx.contentType());
        final JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (final JsonProcessingException e) {
            throw Problem.of(400, "malformed-json", "Malformed JSON",
                    "The body is not well-formed JSON: " + e.getOriginalMessage()
                            + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").",
                    null).exception();
        } catch (final java.io.IOException e) {
            throw Problem.of(400, "malformed-json", "Malformed JSON", "The body could not be read: " + e.getMessage(),
                    null).exception();
        }
        if (node == null || !node.isObject()) {
            throw Problem.of(400, "malformed-json", "Malformed JSON", "The body must be one JSON object.", null)
                    .exception();
        }
        return new JsonFields((ObjectNode) node, "");
    }

    static void requireJsonMediaType(final String contentType) {
        if (contentType == null) {
            throw unsupported("(none)");
        }
        final String[] parts = contentType.split(";");
        final String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(CONTENT_TYPE)) {
            throw unsupported(contentType);
        }
        for (int i = 1; i < parts.length; i++) {
            final String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                throw unsupported(contentType);
            }
        }
    }

    private static ProblemException unsupported(final String contentType) {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "Send the body as application/json (UTF-8), not " + contentType + ".", null).exception();
    }

    static ProblemException tooLarge(final long bodyBytesMax) {
        return Problem.of(413, "content-too-large", "Content too large",
                "The body is larger than " + bodyBytesMax + " bytes; send fewer items per request.", null).exception();
    }

    /** Writes {@code body} as the response with {@code status}. */
    public static void write(final Context ctx, final int status, final Object body) {
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(MAPPER.writeValueAsBytes(body));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
    }

    /** Writes a body with {@link JsonGenerator} calls, for large responses whose tree would cost more than the text. */
    public static void writeStreamed(final Context ctx, final int status, final int sizeHint, final Body body) {
        final ByteArrayBuilder bytes = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
            body.write(json);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(bytes.toByteArray());
    }

    /** A response body written field by field. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** Writes a problem document. */
    public static void writeProblem(final Context ctx, final Problem problem) {
        final ObjectNode node = object();
        node.put("type", problem.type());
        node.put("title", problem.title());
        node.put("status", problem.status());
        node.put("detail", problem.detail());
        if (problem.code() != null) {
            node.put("code", problem.code());
            node.put("codeName", problem.codeName());
        }
        if (problem.field() != null) {
            node.put("field", problem.field());
        }
        if (problem.index() != null) {
            node.put("index", problem.index());
        }
        try {
            ctx.status(problem.status()).contentType(PROBLEM_CONTENT_TYPE).result(MAPPER.writeValueAsBytes(node));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }
}
