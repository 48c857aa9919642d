package io.tracecheck.aws;

import io.tracecheck.core.Deadline;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Gives each SDK request only what is left of the deadline of the {@link AwsClient#call} that
 * makes it (a paginator's every page too), as its API call timeout. A client is built once per
 * check, so its own timeout can only be the whole budget; this narrows it request by request.
 */
final class CallDeadline implements ExecutionInterceptor {
    /** The deadline of the call running on this thread: the SDK's sync clients run the interceptors on the caller's thread. */
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    private static final Duration LEAST = Duration.ofMillis(1);

    static <T> T within(Deadline deadline, Supplier<T> call) {
        Deadline outer = CURRENT.get();
        CURRENT.set(deadline);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        Deadline deadline = CURRENT.get();
        if (deadline == null || !(context.request() instanceof AwsRequest request)) {
            return context.request();
        }
        Duration left = deadline.remaining();
        // a zero timeout would mean none; AwsClient does not start a call whose deadline has passed
        Duration timeout = left.compareTo(LEAST) < 0 ? LEAST : left;
        AwsRequestOverrideConfiguration.Builder override = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder).orElseGet(AwsRequestOverrideConfiguration::builder);
        return request.toBuilder().overrideConfiguration(override.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout).build())
                .build();
    }
}
