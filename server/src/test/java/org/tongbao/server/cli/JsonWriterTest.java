package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void writesNestedObjectsAndArraysWithCommasInPlace() {
        final String json = new JsonWriter().beginObject().field("a", 1).name("b").beginArray().value("x").value(2.5)
                .beginObject().endObject().endArray().field("c", (String) null).endObject().toString();

        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",2.5,{}],\"c\":null}");
    }

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        final String json = new JsonWriter().beginArray().value("q\"b\\n\n\t\u0001").value(Double.NaN).value(1e20)
                .endArray().toString();

        assertThat(json).isEqualTo("[\"q\\\"b\\\\n\\n\\t\\u0001\",null,100000000000000000000]");
    }
}
