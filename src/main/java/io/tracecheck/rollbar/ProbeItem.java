package io.tracecheck.rollbar;

import com.rollbar.api.payload.Payload;
import com.rollbar.notifier.Rollbar;
import com.rollbar.notifier.config.Config;
import com.rollbar.notifier.config.ConfigBuilder;
import com.rollbar.notifier.sender.SyncSender;
import com.rollbar.notifier.sender.Sender;
import com.rollbar.notifier.sender.listener.SenderListener;
import com.rollbar.notifier.sender.result.Response;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The probe error item, sent through rollbar-java with its synchronous sender and a listener that
 * captures Rollbar's answer, so the result reflects delivery. The notifier never installs an
 * uncaught-exception handler and is closed before returning.
 */
final class ProbeItem {
    private ProbeItem() {
    }

    /** The item's uuid when Rollbar accepted it, the problems otherwise. */
    record Outcome(Optional<String> uuid, List<Problem> problems, String detail) {
    }

    /** Sends the item, waiting for Rollbar's answer only until the check's {@code deadline}. */
    static Outcome send(RollbarConfig config, String environment, String version, String runId, Deadline deadline) {
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        URI endpoint = config.endpoint();
        SyncSender sync = new SyncSender.Builder(endpoint.toString()).accessToken(config.accessToken().get().reveal()).build();
        Sender sender = new AnswerCapture(sync, answer, endpoint, deadline);
        Config rollbarConfig = ConfigBuilder.withAccessToken(config.accessToken().get().reveal())
                .endpoint(endpoint.toString())
                .environment(environment)
                .codeVersion(version)
                .platform("java")
                .language("java")
                .framework("tracecheck")
                .sender(sender)
                .handleUncaughtErrors(false)
                .enabled(true)
                .build();
        // rollbar-java's SyncSender has no timeouts of its own: it sends on a daemon thread of ours,
        // which the check stops waiting for at the deadline.
        Thread sending = new Thread(() -> {
            Rollbar rollbar = new Rollbar(rollbarConfig);
            try {
                rollbar.error(probeError(runId), Map.of("tracecheck.probe", true, "tracecheck.run_id", runId),
                        "tracecheck probe " + runId);
            } finally {
                try {
                    rollbar.close(false);
                } catch (Exception ignored) {
                    // closing a synchronous sender has nothing left to flush
                }
                answer.complete(new Outcome(Optional.empty(), List.of(Problem.of(ProblemCode.HTTP_UNEXPECTED,
                        "rollbar-java reported no answer for the probe (filtered or disabled?)", null)), "no answer"));
            }
        }, "tracecheck-rollbar-send");
        sending.setDaemon(true);
        sending.start();
        try {
            return answer.get(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sending.interrupt();
            return new Outcome(Optional.empty(), List.of(NetworkFailures.of(
                    new java.net.SocketTimeoutException("timeout"), endpoint, deadline)), "no answer within the deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Optional.empty(), List.of(), "interrupted");
        } catch (ExecutionException e) {
            return failed(e.getCause() instanceof Exception cause ? cause : e, endpoint, deadline);
        }
    }

    /**
     * Sends with rollbar-java's {@link SyncSender} and keeps its answer whole: the HTTP status and
     * Rollbar's {"err", "result"|"message"}. (A listener on the sender only sees an exception for
     * an error status, without the status.)
     */
    private record AnswerCapture(SyncSender sync, CompletableFuture<Outcome> answer, URI endpoint, Deadline deadline)
            implements Sender {
        @Override
        public void send(Payload payload) {
            try {
                answer.complete(read(sync.doSend(payload), endpoint));
            } catch (Exception error) {
                answer.complete(failed(error, endpoint, deadline));
            }
        }

        @Override
        public void addListener(SenderListener listener) {
            sync.addListener(listener);
        }

        @Override
        public List<SenderListener> getListeners() {
            return sync.getListeners();
        }

        @Override
        public void close(boolean wait) throws Exception {
            sync.close();
        }

        @Override
        public void close() throws IOException {
            sync.close();
        }
    }

    /** A real exception with a real stack trace, so the item groups like an app's errors do. */
    private static Throwable probeError(String runId) {
        try {
            throw new IllegalStateException("tracecheck probe " + runId + ": a test error sent by tracecheck, safe to resolve");
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static Outcome read(Response response, URI endpoint) {
        int status = response.getStatus();
        String content = response.getResult() == null ? "" : String.valueOf(response.getResult().getContent());
        boolean error = response.getResult() == null || response.getResult().isError();
        if (status == 200 && !error && content.matches("[0-9a-fA-F-]{32,36}")) {
            return new Outcome(Optional.of(content), List.of(), "accepted, uuid " + content);
        }
        Problem problem = switch (status) {
            case 401 -> Problem.of(ProblemCode.ROLLBAR_TOKEN_REJECTED, "Rollbar refused the access token: 401 " + content,
                    null).headed("Rollbar refused the access token (401)");
            case 403 -> content.contains("post_client_item") || content.contains("post_server_item")
                    ? Problem.of(ProblemCode.ROLLBAR_TOKEN_SCOPE, "Rollbar refused the item: 403 " + content, null)
                            .headed("the token may not post items (403)")
                    : Problem.of(ProblemCode.ROLLBAR_TOKEN_REJECTED, "Rollbar refused the access token: 403 " + content, null)
                            .headed("Rollbar refused the access token (403)");
            case 422, 400, 413 -> Problem.of(ProblemCode.ROLLBAR_PAYLOAD_REJECTED, "Rollbar refused the item: " + status + " "
                    + content, null).headed("Rollbar refused the item (" + status + ")");
            case 200 -> Problem.of(ProblemCode.HTTP_UNEXPECTED, endpoint + " answered 200 without an item uuid"
                    + NetworkFailures.excerpt(content), "Check that ROLLBAR_ENDPOINT points at Rollbar's item API (/api/1/item/).");
            default -> NetworkFailures.ofStatus(status, Optional.empty(), content, endpoint);
        };
        return new Outcome(Optional.empty(), List.of(problem), "refused: " + status);
    }

    private static Outcome failed(Exception error, URI endpoint, Deadline deadline) {
        if (error instanceof IOException io) {
            return new Outcome(Optional.empty(), List.of(NetworkFailures.of(io, endpoint, deadline)), "not delivered");
        }
        // rollbar-java could not read the answer as Rollbar's {"err": …} JSON
        return new Outcome(Optional.empty(), List.of(Problem.of(ProblemCode.HTTP_UNEXPECTED, endpoint
                + " answered with something that is not Rollbar's JSON (" + error.getClass().getSimpleName()
                + NetworkFailures.excerpt(error.getMessage()) + ")",
                "Check that ROLLBAR_ENDPOINT points at Rollbar's item API, not a proxy or a web page.")), "unreadable answer");
    }
}
