package org.tongbao.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.tongbao.engine.ResultCode;

/**
 * Typed, strict reads of one JSON object's fields. Each read names the field; {@link #done()}
 * then refuses any field that was not read, so unknown (or misspelt) fields are errors, not
 * silently ignored. Numbers must be JSON integers: a fraction, an exponent or a value beyond
 * 64 bits is refused, never rounded. Refusals are {@link ProblemException}s naming the field.
 *
 * <p>One request thread; not shared.
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String prefix;
    /** The names asked for so far (a handful per object: a scan beats a hash set allocated per batch item). */
    private String[] read = new String[8];
    private int readCount;

    JsonFields(final ObjectNode node, final String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public boolean has(final String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** A required signed 64-bit integer. */
    public long requiredLong(final String name) {
        return longOf(name, require(name));
    }

    /** An optional 64-bit integer ({@code absent} when missing or null). */
    public long optionalLong(final String name, final long absent) {
        final JsonNode value = take(name);
        return value == null ? absent : longOf(name, value);
    }

    /** A required amount in fen: a positive whole number of fen (the engine's AMOUNT_MUST_BE_POSITIVE otherwise). */
    public long requiredFen(final String name) {
        final long fen = requiredLong(name);
        if (fen <= 0) {
            throw Problem.of(ResultCode.AMOUNT_MUST_BE_POSITIVE, path(name)).exception();
        }
        return fen;
    }

    /** An optional amount in fen where 0 (the default) means "all"; negative is refused. */
    public long optionalFenOrAll(final String name) {
        final long fen = optionalLong(name, 0);
        if (fen < 0) {
            throw Problem.of(ResultCode.AMOUNT_MUST_BE_POSITIVE, path(name)).exception();
        }
        return fen;
    }

    /** A required 32-bit integer. */
    public int requiredInt(final String name) {
        return intOf(name, requiredLong(name));
    }

    public int optionalInt(final String name, final int absent) {
        final JsonNode value = take(name);
        return value == null ? absent : intOf(name, longOf(name, value));
    }

    public boolean optionalBoolean(final String name, final boolean absent) {
        final JsonNode value = take(name);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return value.booleanValue();
    }

    /**
     * A required name of an enum constant (case-insensitive, '-' for '_'), turned into its
     * number by {@code number}; an unknown name is refused with {@code unknown}, the engine's
     * code for an invalid value of this field.
     */
    public <E extends Enum<E>> int requiredEnum(final String name, final Class<E> type,
                                                 final java.util.function.ToIntFunction<E> number,
                                                 final ResultCode unknown) {
        final JsonNode value = require(name);
        if (!value.isTextual()) {
            throw wrongType(name, "one of " + names(type, c -> true));
        }
        final String wanted = value.textValue().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return number.applyAsInt(constant);
            }
        }
        throw new Problem(Problem.typeOf(Problem.slug(unknown)), "Unknown value", ResultStatus.status(unknown),
                unknown.message() + " Known values: " + names(type, c -> true) + ".", unknown.number(), unknown.name(),
                path(name), null).exception();
    }

    /** An optional string (null when missing or null). */
    public String optionalText(final String name) {
        final JsonNode value = take(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string");
        }
        return value.textValue();
    }

    /** An optional array of at most {@code itemsMax} strings (empty when missing or null). */
    public List<String> optionalTexts(final String name, final int itemsMax) {
        final JsonNode value = take(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray() || value.size() > itemsMax) {
            throw wrongType(name, "an array of at most " + itemsMax + " strings");
        }
        final List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw wrongType(name + "[" + i + "]", "a string");
            }
            texts.add(value.get(i).textValue());
        }
        return texts;
    }

    /** A required array of objects, of 1 to {@code itemsMax} items. */
    public List<JsonFields> requiredObjects(final String name, final int itemsMax) {
        final JsonNode value = require(name);
        if (!value.isArray()) {
            throw wrongType(name, "an array of objects");
        }
        if (value.isEmpty()) {
            throw Problem.of(422, "empty-batch", "Empty batch", "Send at least one item.", path(name)).exception();
        }
        if (value.size() > itemsMax) {
            throw Problem.of(413, "batch-too-large", "Batch too large",
                    "At most " + itemsMax + " items per request; this one has " + value.size() + ".", path(name))
                    .exception();
        }
        final List<JsonFields> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            final JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw wrongType(name + "[" + i + "]", "a JSON object");
            }
            items.add(new JsonFields((ObjectNode) item, path(name) + "[" + i + "]."));
        }
        return items;
    }

    /** Refuses any field that no read asked for. Call once all fields are read. */
    public void done() {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!wasRead(name)) {
                throw Problem.of(400, "unknown-field", "Unknown field",
                        "The field '" + path(name) + "' is not part of this request; remove it (see /openapi.yaml).",
                        path(name)).exception();
            }
        }
    }

    /** The full name of a field of this object, as problems report it. */
    public String path(final String name) {
        return prefix + name;
    }

    private boolean wasRead(final String name) {
        for (int i = 0; i < readCount; i++) {
            if (read[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode take(final String name) {
        if (!wasRead(name)) {
            if (readCount == read.length) {
                read = Arrays.copyOf(read, readCount * 2);
            }
            read[readCount++] = name;
        }
        final JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private JsonNode require(final String name) {
        final JsonNode value = take(name);
        if (value == null) {
            throw Problem.of(400, "missing-field", "Missing field", "The field '" + path(name) + "' is required.",
                    path(name)).exception();
        }
        return value;
    }

    private long longOf(final String name, final JsonNode value) {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw outOfRange(name, "beyond what a signed 64-bit integer holds");
            }
            return value.longValue();
        }
        if (value.isNumber()) {
            throw outOfRange(name, "not a whole number: write integers (whole fen) without a decimal point or exponent");
        }
        throw wrongType(name, "an integer");
    }

    private int intOf(final String name, final long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw outOfRange(name, "beyond what a 32-bit integer holds");
        }
        return (int) value;
    }

    private ProblemException wrongType(final String name, final String expected) {
        return Problem.of(400, "wrong-type", "Wrong type", "The field '" + path(name) + "' must be " + expected + ".",
                path(name)).exception();
    }

    private ProblemException outOfRange(final String name, final String why) {
        return Problem.of(400, "number-out-of-range", "Number out of range",
                "The field '" + path(name) + "' is " + why + ".", path(name)).exception();
    }

    private static <E extends Enum<E>> String names(final Class<E> type, final IntPredicate keep) {
        final List<String> names = new ArrayList<>();
        for (final E constant : type.getEnumConstants()) {
            if (keep.test(constant.ordinal())) {
                names.add(constant.name());
            }
        }
        return String.join(", ", names);
    }
}
