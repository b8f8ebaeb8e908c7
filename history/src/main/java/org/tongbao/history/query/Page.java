package org.tongbao.history.query;

import java.util.List;

/**
 * One page of a keyset-paginated query, newest first. {@code nextCursor} is the position to
 * pass as {@code beforePosition} for the next page, or 0 when this is the last page.
 */
public record Page<T>(List<T> rows, long nextCursor) {
    /** The first page's cursor: before every position. */
    public static final long FIRST = Long.MAX_VALUE;

    public boolean hasMore() {
        return nextCursor != 0;
    }
}
