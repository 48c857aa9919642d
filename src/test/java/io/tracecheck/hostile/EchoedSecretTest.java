package io.tracecheck.hostile;

import io.tracecheck.TestCli;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server (a proxy, or an API that quotes what it was sent) that echoes the request's key or
 * token in its error body, the key at every offset around the point where tracecheck cuts an
 * excerpt: no piece of 6 characters or more of the key may reach stdout, stderr, the JSON report
 * or the JUnit file.
 */
@Tag("hostile")
class EchoedSecretTest {
    // none of them is a real credential
    static final String HONEYCOMB_KEY = "hcaik_01echoechoechoechoechoKEYzz9q8w7e6r5t4y3u2i1o0pasdfghjklmn";
    static final String ROLLBAR_TOKEN = "dec0de5afe0ec40ec40ec40ec40ec40e";
    static final String ROLLBAR_READ = "feedface7e5d0ec40ec40ec40ec40ec4";
    private static final int FRAGMENT = 6;

    @TempDir
    Path home;

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger offset = new AtomicInteger();
    private volatile Shape shape = Shape.SERVER_ERROR;

    /** How the server wraps the echoed key. */
    enum Shape { SERVER_ERROR, TEAPOT, FOREIGN_200, WEB_PAGE, UNAUTHORIZED }

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String echoed = String.join(" ", request.getHeaders().values("x-honeycomb-team"))
                        + String.join(" ", request.getHeaders().values("x-rollbar-access-token"));
                if (echoed.isEmpty()) {
                    echoed = request.getBody() == null ? "" : request.getBody().utf8();
                }
                String padding = "p".repeat(offset.get());
                return switch (shape) {
                    case SERVER_ERROR -> text(502, "bad gateway: " + padding + echoed + " was refused upstream");
                    case TEAPOT -> text(418, padding + echoed + " is not welcome here");
                    case FOREIGN_200 -> text(200, padding + echoed);
                    case UNAUTHORIZED -> new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                            .body("{\"error\":\"unknown API key " + padding + echoed + "\"}").build();
                    case WEB_PAGE -> new MockResponse.Builder().code(403).addHeader("Content-Type", "text/html")
                            .body("<html><head><title>" + padding + echoed + "</title></head></html>").build();
                };
            }
        });
        server.start();
    }

    private static MockResponse text(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/plain").body(body).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private TestCli app() {
        String base = server.url("/").toString().replaceAll("/$", "");
        return TestCli.in(home).env("HONEYCOMB_API_ENDPOINT", base).env("HONEYCOMB_API_KEY", HONEYCOMB_KEY)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", base).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + HONEYCOMB_KEY)
                .env("OTEL_SERVICE_NAME", "web").env("HONEYCOMB_DATASET", "web")
                .env("ROLLBAR_ACCESS_TOKEN", ROLLBAR_TOKEN).env("ROLLBAR_READ_TOKEN", ROLLBAR_READ)
                .env("ROLLBAR_ENDPOINT", base + "/api/1/item/");
    }

    @Test
    void noFragmentOfAnEchoedKeyInAnyOutput() throws Exception {
        List<String> leaks = new ArrayList<>();
        int runs = 0;
        Path junit = home.resolve("report.xml");
        for (Shape each : Shape.values()) {
            shape = each;
            int around = each == Shape.WEB_PAGE ? 80 : 200;
            for (int at = Math.max(0, around - 68); at <= around + 2; at += 2) {
                offset.set(at);
                for (String[] args : List.of(new String[] {"doctor", "--junit", junit.toString()},
                        new String[] {"honeycomb", "-o", "json"}, new String[] {"rollbar", "--verify"},
                        new String[] {"traces", "-o", "json"}, new String[] {"traces"},
                        new String[] {"honeycomb", "--verify"}, new String[] {"doctor", "--verify", "-o", "json"})) {
                    Files.deleteIfExists(junit);
                    TestCli.Result result = app().run(args);
                    runs++;
                    String output = result.all() + (Files.exists(junit) ? Files.readString(junit) : "");
                    for (String secret : List.of(HONEYCOMB_KEY, ROLLBAR_TOKEN, ROLLBAR_READ)) {
                        fragmentOf(secret, output).ifPresent(fragment -> leaks.add(each + " at " + offset.get() + " "
                                + String.join(" ", args) + ": " + fragment + "\n" + result));
                    }
                }
            }
        }
        assertThat(runs).isGreaterThan(100);
        assertThat(leaks).as("%d leaks, the first: %s", leaks.size(), leaks.isEmpty() ? "" : leaks.get(0)).isEmpty();
    }

    /** The longest piece of {@code secret}, 6 characters or more, that {@code output} contains. */
    static java.util.Optional<String> fragmentOf(String secret, String output) {
        for (int length = secret.length(); length >= FRAGMENT; length--) {
            for (int start = 0; start + length <= secret.length(); start++) {
                String piece = secret.substring(start, start + length);
                if (output.contains(piece)) {
                    return java.util.Optional.of(piece);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
