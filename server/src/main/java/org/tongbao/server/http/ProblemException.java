package org.tongbao.server.http;

/**
 * Carries a {@link Problem} out of a handler to the one place that writes problem documents
 * ({@link ApiServer}). Thrown for requests that are refused, never for bugs.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(final Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
