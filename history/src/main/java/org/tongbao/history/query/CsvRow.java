package org.tongbao.history.query;

/** A query result row that {@link CsvExport} can write: its values, in the order of its type's header. */
public interface CsvRow {
    /** Appends the row's values, comma-separated and escaped with {@link CsvExport#field}, no line end. */
    void appendCsv(StringBuilder line);
}
