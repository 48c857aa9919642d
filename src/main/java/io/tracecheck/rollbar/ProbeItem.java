package io.tracecheck.rollbar;

import io.tracecheck.network.CallAnswers;
import com.rollbar.api.payload.Payload;
import com.rollbar.notifier.Rollbar;
import com.rollbar.notifier.config.Config;
import com.rollbar.notifier.config.ConfigBuilder;
import com.fasterxml.jackson.jr.ob.JSON;
import com.rollbar.notifier.sender.Sender;
import com.rollbar.notifier.sender.listener.SenderListener;
import com.rollbar.notifier.sender.json.JsonSerializer;
import com.rollbar.notifier.sender.json.JsonSerializerImpl;
import com.rollbar.notifier.sender.result.Response;
import com.rollbar.notifier.sender.result.Result;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Secret;
import io.tracecheck.core.Settings;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The probe error item, built and serialized by rollbar-java and posted as its synchronous sender
 * posts it (same URL, headers and JSON), on tracecheck's own client: so the proxies the app would
 * use are used, and an answer that is not Rollbar's (a proxy's 407, a redirect, a web page) is
 * named as such (docs/decisions.md). The result reflects delivery. The notifier never installs an
 * uncaught-exception handler and is closed before returning.
 */
final class ProbeItem {
    private ProbeItem() {
    }

    /** The item's uuid when Rollbar accepted it, the problems otherwise. */
    record Outcome(Optional<String> uuid, List<Problem> problems, String detail) {
    }

    /**
     * Sends the item on the check's own client, every call and the wait for Rollbar's answer ending
     * by the check's deadline.
     */
    static Outcome send(RollbarConfig config, String environment, String version, CheckContext context) {
        String runId = context.runId();
        Deadline deadline = context.deadline();
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        URI endpoint = config.endpoint();
        HttpCalls http = new HttpCalls(context.clock(), deadline::at, context::verbose, CallAnswers.proxies(context.settings()));
        Sender sender = new AnswerCapture(http, config.accessToken().get(), answer, endpoint, deadline,
                endpointFix(config, context.settings()), context.settings());
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
        // the item is built and sent on a daemon thread of ours, which the check stops waiting for at
        // the deadline: the post itself keeps to it, rollbar-java's building of the item has none.
        Thread sending = new Thread(() -> {
            Rollbar rollbar = new Rollbar(rollbarConfig);
            try {
                rollbar.error(probeError(runId), Map.of("tracecheck.probe", true, "tracecheck.run_id", runId),
                        "tracecheck probe " + runId);
            } finally {
                try {
                    rollbar.close(false);
                } catch (Exception ignored) {
                    // closing the notifier has nothing left to flush: the sender posts synchronously
                }
                http.close();
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
                    new java.net.SocketTimeoutException("timeout"), endpoint, deadline, context.settings())), "no answer within the deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Optional.empty(), List.of(), "interrupted");
        } catch (ExecutionException e) {
            return failed(e.getCause() instanceof Exception cause ? cause : e, endpoint, deadline, context.settings());
        }
    }

    /**
     * Posts the payload as rollbar-java's {@code SyncSender} does (its JSON serializer, the
     * x-rollbar-access-token, Accept and Accept-Charset headers), and keeps the answer whole: the
     * HTTP status, the content type, and Rollbar's {"err", "result"|"message"}.
     */
    private static final class AnswerCapture implements Sender {
        private final JsonSerializer serializer = new JsonSerializerImpl();
        private final HttpCalls http;
        private final Secret token;
        private final CompletableFuture<Outcome> answer;
        private final URI endpoint;
        private final Deadline deadline;
        private final Optional<String> endpointFix;
        private final Settings settings;

        AnswerCapture(HttpCalls http, Secret token, CompletableFuture<Outcome> answer, URI endpoint, Deadline deadline,
                      Optional<String> endpointFix, Settings settings) {
            this.http = http;
            this.token = token;
            this.answer = answer;
            this.endpoint = endpoint;
            this.deadline = deadline;
            this.endpointFix = endpointFix;
            this.settings = settings;
        }

        @Override
        public void send(Payload payload) {
            try {
                byte[] json = serializer.toJson(payload).getBytes(StandardCharsets.UTF_8);
                HttpAnswer posted = http.post(endpoint, Map.of("x-rollbar-access-token", token.reveal(),
                        "Accept-Charset", "UTF-8", "Accept", "application/json"), "application/json; charset=UTF-8", json);
                answer.complete(read(posted));
            } catch (Exception error) {
                answer.complete(failed(error, endpoint, deadline, settings));
            }
        }

        /** The answer goes to the check, not to listeners: rollbar-java registers none for a custom sender. */
        @Override
        public void addListener(SenderListener listener) {
            // nothing listens: the outcome is the check's
        }

        @Override
        public List<SenderListener> getListeners() {
            return List.of();
        }

        @Override
        public void close(boolean wait) {
            // the client is closed by send's caller
        }

        @Override
        public void close() {
            // as above
        }

        /** Not Rollbar's answer, or Rollbar's own read as rollbar-java reads it. */
        private Outcome read(HttpAnswer posted) {
            Optional<Problem> foreign = CallAnswers.foreign(posted, endpoint, "Rollbar", endpointFix, settings);
            if (foreign.isPresent()) {
                return new Outcome(Optional.empty(), List.of(foreign.get()), "not Rollbar's answer: " + posted.status());
            }
            if (posted.status() < 500 && !isJsonObject(posted)) {
                return new Outcome(Optional.empty(), List.of(ForeignAnswer.unreadable(CallAnswers.seen(posted),
                        CallAnswers.asked("Rollbar", endpoint, endpointFix, settings), "Rollbar's JSON {\"err\": …}")),
                        "not Rollbar's answer: " + posted.status());
            }
            Result result;
            try {
                result = serializer.resultFrom(posted.text());
            } catch (RuntimeException unreadable) {
                result = null; // a 5xx page: its status speaks for it
            }
            return ProbeItem.read(new Response.Builder().status(posted.status()).result(result).build(), endpoint,
                    posted.text());
        }
    }

    private static boolean isJsonObject(HttpAnswer answer) {
        try {
            return JSON.std.mapFrom(answer.body()) != null;
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /** ROLLBAR_ENDPOINT back at Rollbar's item API, when it names another host. */
    private static Optional<String> endpointFix(RollbarConfig config, Settings settings) {
        URI standard = URI.create(KnownVariable.ROLLBAR_ENDPOINT.defaultValue().orElseThrow());
        return config.endpoint().getHost().equalsIgnoreCase(standard.getHost()) ? Optional.empty()
                : Optional.of(new Fixes(settings).set(KnownVariable.ROLLBAR_ENDPOINT.name(), standard.toString()));
    }

    /** A real exception with a real stack trace, so the item groups like an app's errors do. */
    private static Throwable probeError(String runId) {
        try {
            throw new IllegalStateException("tracecheck probe " + runId + ": a test error sent by tracecheck, safe to resolve");
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static Outcome read(Response response, URI endpoint, String body) {
        int status = response.getStatus();
        String content = response.getResult() == null ? body : String.valueOf(response.getResult().getContent());
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
                    + NetworkFailures.excerpt(content), "curl -sS -i " + io.tracecheck.core.Fixes.quote(endpoint.toString()) + "  # shows who answers: Rollbar's item API "
                            + "is https://api.rollbar.com/api/1/item/");
            default -> NetworkFailures.ofStatus(status, Optional.empty(), content, endpoint);
        };
        return new Outcome(Optional.empty(), List.of(problem), "refused: " + status);
    }

    private static Outcome failed(Exception error, URI endpoint, Deadline deadline, Settings settings) {
        if (error instanceof IOException io) {
            Problem problem = CallAnswers.network(io, endpoint, deadline, settings);
            return new Outcome(Optional.empty(), List.of(problem), problem.code() == ProblemCode.NET_TIMEOUT
                    ? "no answer within the deadline" : "not delivered");
        }
        // rollbar-java could not read the answer as Rollbar's {"err": …} JSON
        return new Outcome(Optional.empty(), List.of(Problem.of(ProblemCode.HTTP_UNEXPECTED, endpoint
                + " answered with something that is not Rollbar's JSON (" + error.getClass().getSimpleName()
                + NetworkFailures.excerpt(error.getMessage()) + ")",
                "Check that ROLLBAR_ENDPOINT points at Rollbar's item API, not a proxy or a web page.")), "unreadable answer");
    }
}
