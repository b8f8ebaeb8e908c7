package org.tongbao.server.http;

import org.tongbao.engine.ResultCode;

/**
 * An RFC 9457 problem document: what every error response of the API carries. {@code code}
 * and {@code codeName} are the engine's {@link ResultCode} when the engine (or a check that
 * stands for it) refused the request, else null; {@code field} names the request field at
 * fault, and {@code index} the batch item, when known. Immutable; any thread.
 */
public record Problem(String type, String title, int status, String detail, Integer code, String codeName,
                      String field, Integer index) {

    /** A problem the HTTP layer finds before anything reaches the engine (malformed JSON, a missing field...). */
    public static Problem of(final int status, final String slug, final String title, final String detail,
                             final String field) {
        return new Problem(typeOf(slug), title, status, detail, null, null, field, null);
    }

    /** The problem for an engine result code, with the HTTP status {@link ResultStatus} gives it. */
    public static Problem of(final ResultCode code, final String field) {
        return new Problem(typeOf(slug(code)), title(code), ResultStatus.status(code), code.message(), code.number(),
                code.name(), field, null);
    }

    public Problem atIndex(final int itemIndex) {
        return new Problem(type, title, status, detail, code, codeName, field, itemIndex);
    }

    public ProblemException exception() {
        return new ProblemException(this);
    }

    static String typeOf(final String slug) {
        return "urn:tongbao:problem:" + slug;
    }

    static String slug(final ResultCode code) {
        return code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String title(final ResultCode code) {
        final String words = code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
