package io.tracecheck.rollbar;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Polling;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Secret;
import io.tracecheck.core.StepTimer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code --verify}: fetches the item by uuid ({@code GET /api/1/item_by_uuid?uuid=…}, a read token)
 * until Rollbar has processed it or --verify-timeout passes.
 */
final class ItemReadBack {
    private final CheckContext context;

    ItemReadBack(CheckContext context) {
        this.context = context;
    }

    void verify(URI itemEndpoint, Secret readToken, String uuid, Duration timeout, StepTimer steps) {
        steps.begin("verify");
        String base = itemEndpoint.toString().replaceAll("/item/?$", "");
        URI url = URI.create(base + "/item_by_uuid?uuid=" + uuid);
        Instant deadline = context.clock().instant().plus(timeout);
        try {
            Polling.Answer answer = Polling.until(context.clock(), deadline, () -> {
                int status = fetch(url, readToken);
                if (status == 200) {
                    return Polling.Answer.FOUND;
                }
                if (status == 404) {
                    return Polling.Answer.NOT_YET;
                }
                steps.problem(status == 401 || status == 403
                        ? Problem.of(ProblemCode.ROLLBAR_TOKEN_SCOPE, "the read token was refused (" + status
                            + "): reading items needs a project token with the read scope", "Set ROLLBAR_READ_TOKEN to the "
                            + "project's read token (Project settings > Project Access Tokens).")
                        : NetworkFailures.ofStatus(status, java.util.Optional.empty(), "", url));
                return Polling.Answer.STOP;
            });
            switch (answer) {
                case FOUND -> steps.end("read back item " + uuid);
                case STOP -> steps.end("not read back");
                case NOT_YET -> {
                    steps.problem(Problem.of(ProblemCode.ROLLBAR_ITEM_NOT_FOUND, "item " + uuid + " was accepted but not "
                            + "found by uuid within " + timeout.toSeconds() + " s", null));
                    steps.end("not found");
                }
            }
        } catch (IOException e) {
            steps.problem(NetworkFailures.of(e, url, context.timeout()));
            steps.end("not read back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            steps.end("interrupted");
        }
    }

    private int fetch(URI url, Secret token) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        int millis = (int) Math.min(Integer.MAX_VALUE, context.timeout().toMillis());
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        connection.setRequestProperty("X-Rollbar-Access-Token", token.reveal());
        connection.setRequestProperty("Accept", "application/json");
        try {
            int status = connection.getResponseCode();
            if (status == 200) {
                try (InputStream in = connection.getInputStream()) {
                    Map<String, Object> body = JSON.std.mapFrom(in.readNBytes(1 << 20));
                    if (body == null || !Integer.valueOf(0).equals(body.get("err"))) {
                        return 500;
                    }
                }
            }
            context.verbose("← " + status + " GET " + url);
            return status;
        } finally {
            connection.disconnect();
        }
    }
}
