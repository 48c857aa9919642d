package io.tracecheck.rollbar;

import io.tracecheck.network.CallAnswers;
import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Secret;
import io.tracecheck.core.Settings;
import io.tracecheck.core.StepTimer;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --verify}: fetches the item by uuid ({@code GET /api/1/item_by_uuid?uuid=…}, a read token)
 * until Rollbar has processed it or --verify-timeout passes; every request has only what is left of it.
 */
final class ItemReadBack {
    private ItemReadBack() {
    }

    static void verify(ReadBack readBack, CheckContext context, URI itemEndpoint, Secret readToken, String uuid,
                       StepTimer steps) {
        String base = itemEndpoint.toString().replaceAll("/item/?$", "");
        URI url = URI.create(base + "/item_by_uuid?uuid=" + uuid);
        Map<String, String> headers = Map.of("X-Rollbar-Access-Token", readToken.reveal(), "Accept", "application/json");
        Deadline deadline = readBack.start(context.deadline());
        try (HttpCalls http = new HttpCalls(context.clock(), deadline::at, context::verbose,
                CallAnswers.proxies(context.settings()))) {
            readBack.run(steps, deadline, () -> read(http.get(url, headers), url, steps, context.settings()),
                    ReadBack.failures(IOException.class, e -> CallAnswers.network(e, url, deadline, context.settings())),
                    () -> "read back item " + uuid,
                    () -> Problem.of(ProblemCode.ROLLBAR_ITEM_NOT_FOUND, "item " + uuid + " was accepted but not "
                            + "found by uuid within " + readBack.timeout().toSeconds() + " s", null));
        }
    }

    /** FOUND for Rollbar's {"err": 0, "result": …}; NOT_YET while it answers 404; else the problem, as Rollbar said it. */
    private static Polling.Answer read(HttpAnswer answer, URI url, StepTimer steps, Settings settings) {
        Optional<Map<String, Object>> body = json(answer);
        String message = body.map(b -> b.get("message")).map(String::valueOf).orElse(answer.text());
        int status = answer.status();
        Optional<Problem> foreign = CallAnswers.foreign(answer, url, "Rollbar", Optional.empty(), settings);
        if (foreign.isPresent()) {
            steps.problem(foreign.get());
            return Polling.Answer.STOP;
        }
        if (status == 404 && body.isPresent()) {
            return Polling.Answer.NOT_YET; // Rollbar's own 404: the item is not processed yet
        }
        if (status == 200 && body.isPresent() && body.get().get("err") instanceof Number err && err.intValue() == 0) {
            return Polling.Answer.FOUND;
        }
        steps.problem(switch (status) {
            case 200 -> body.isPresent()
                    ? Problem.of(ProblemCode.HTTP_UNEXPECTED, url.getHost() + " answered 200 but with err "
                            + body.get().get("err") + " (Rollbar answers an error with an error status)"
                            + NetworkFailures.excerpt(message), null)
                    : ForeignAnswer.unreadable(CallAnswers.seen(answer), CallAnswers.asked("Rollbar", url, Optional.empty(), settings),
                            "Rollbar's JSON {\"err\": …}");
            case 401, 403 -> Problem.of(ProblemCode.ROLLBAR_TOKEN_SCOPE, "the read token was refused (" + status
                            + NetworkFailures.excerpt(message) + "): reading items needs a project token with the read scope",
                    "Set ROLLBAR_READ_TOKEN to the project's read token (Project settings > Project Access Tokens).");
            default -> NetworkFailures.ofStatus(status, answer.header("Retry-After"), message, url);
        });
        return Polling.Answer.STOP;
    }

    private static Optional<Map<String, Object>> json(HttpAnswer answer) {
        try {
            return Optional.ofNullable(JSON.std.mapFrom(answer.body()));
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
