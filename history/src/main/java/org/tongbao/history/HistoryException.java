package org.tongbao.history;

/** The history database failed (an SQL error): an I/O fault, not a business outcome. */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
