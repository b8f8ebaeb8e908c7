package org.tongbao.server.cli;

/**
 * A minimal JSON writer for the command line's {@code --format json}: objects, arrays, strings
 * (escaped per RFC 8259), numbers, booleans and null, with commas placed for the caller. Not
 * thread-safe; one document per instance. (The HTTP API will bring a real JSON library; this
 * keeps the command line free of one until then.)
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** A member name; the value written next belongs to it. */
    JsonWriter name(final String name) {
        separate();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    JsonWriter value(final String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    JsonWriter value(final long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** A number; NaN and infinities (which JSON cannot hold) are written as null. */
    JsonWriter value(final double value) {
        separate();
        out.append(Double.isFinite(value) ? stripZeros(value) : "null");
        needsComma = true;
        return this;
    }

    JsonWriter field(final String name, final String value) {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final long value) {
        return name(name).value(value);
    }

    JsonWriter field(final String name, final double value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
            needsComma = false;
        }
    }

    private void string(final String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String stripZeros(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(value).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }
}
