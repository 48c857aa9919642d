package io.tracecheck.aws;

import io.tracecheck.core.Problem;
import io.tracecheck.core.ReadBack;

/**
 * A failed AWS request as the checks see it: what it means ({@link AwsError}), AWS's error code
 * and HTTP status, and the problem it reports unless the check words it itself. Thrown by
 * {@link AwsClient#call}; the SDK's exception stays inside package {@code aws}.
 */
public final class AwsFailure extends Exception {
    /** How a read-back's failed look becomes the verify step's problem. */
    public static final ReadBack.Failures<AwsFailure> READ_BACK = ReadBack.failures(AwsFailure.class, AwsFailure::problem);

    private final AwsError kind;
    private final String code;
    private final int status;
    private final transient Problem problem;

    AwsFailure(AwsError kind, String code, int status, Problem problem) {
        super(kind + (code.isEmpty() ? "" : " " + code) + ": " + problem.message(), null, false, false);
        this.kind = kind;
        this.code = code;
        this.status = status;
        this.problem = problem;
    }

    public AwsError kind() {
        return kind;
    }

    public boolean is(AwsError error) {
        return kind == error;
    }

    /** AWS's error code (ThrottlingException, AccessDenied…); empty when there was no answer or no code. */
    public String code() {
        return code;
    }

    /** The HTTP status of the answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** The code when AWS sent one, else the status: what a message names the answer by. */
    public String signal() {
        return !code.isEmpty() ? code : status > 0 ? String.valueOf(status) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public Problem problem() {
        return problem;
    }
}
