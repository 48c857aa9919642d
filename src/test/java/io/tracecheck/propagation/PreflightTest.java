package io.tracecheck.propagation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's side of propagation, against small backends that answer the preflight as real
 * ones do: flask-cors allowing everything, flask-cors with a header list that forgets traceparent,
 * plain Flask (OPTIONS answered with no CORS at all), another origin, and Gitpod's login redirect.
 */
class PreflightTest {
    @TempDir
    Path home;
    @TempDir
    Path project;

    private HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String backend(Consumer<HttpExchange> preflight) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> seen = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
            seen.put(":method", exchange.getRequestMethod());
            requests.add(seen);
            if (exchange.getRequestMethod().equals("OPTIONS")) {
                preflight.accept(exchange);
            } else {
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
                byte[] body = "{\"ok\":true}".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/items";
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers) {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TestCli cli() {
        return TestCli.in(home).env("PWD", project.toString()).env("AWS_EC2_METADATA_DISABLED", "true");
    }

    @Test
    void flaskCorsThatAllowsTheTraceHeadersPassesAndTheRequestCarriesTheContext() throws IOException {
        String url = backend(e -> answer(e, 200, Map.of("Access-Control-Allow-Origin", "http://localhost:3000",
                "Access-Control-Allow-Headers", "traceparent, tracestate", "Access-Control-Allow-Methods", "GET, POST")));

        TestCli.Result result = cli().run("propagation", url, "--no-verify", "-o", "json");

        assertThat(result.codes()).as(result.toString()).isEmpty();
        assertThat(result.all()).contains("origin http://localhost:3000 may send traceparent and tracestate");
        Map<String, String> preflight = requests.get(0);
        assertThat(preflight).containsEntry(":method", "OPTIONS").containsEntry("origin", "http://localhost:3000")
                .containsEntry("access-control-request-headers", "traceparent,tracestate");
        Map<String, String> request = requests.get(1);
        assertThat(request.get(":method")).isEqualTo("GET");
        assertThat(request.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = request.get("traceparent").substring(3, 35);
        String spanId = request.get("traceparent").substring(36, 52);
        assertThat(request.get("x-amzn-trace-id")).isEqualTo("Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8)
                + ";Parent=" + spanId + ";Sampled=1");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aHeaderListWithoutTraceparentIsNamedWithTheEditToTheCorsCall() throws IOException {
        Files.createDirectories(project.resolve("backend"));
        Files.writeString(project.resolve("backend/app.py"), "from flask import Flask\nfrom flask_cors import CORS\n"
                + "app = Flask(__name__)\nCORS(app, allow_headers=['Content-Type'])\n");
        String url = backend(e -> answer(e, 200, Map.of("Access-Control-Allow-Origin", "*",
                "Access-Control-Allow-Headers", "Content-Type")));

        TestCli.Result result = cli().run("propagation", url, "--no-verify", "-o", "json");

        assertThat(result.codes()).as(result.toString()).containsExactly("propagation.cors");
        Map<String, Object> problem = result.problems().get(0);
        assertThat((String) problem.get("message")).contains("does not allow the headers traceparent and tracestate")
                .contains("Access-Control-Allow-Headers: content-type");
        assertThat((String) problem.get("fix")).startsWith("edit " + project.resolve("backend/app.py").toRealPath() + ": line 4 "
                + "(CORS(app, allow_headers=['Content-Type'])) becomes CORS(app, origins=[\"http://localhost:3000\"], "
                + "allow_headers=[\"Content-Type\", \"traceparent\", \"tracestate\"]");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(requests).hasSize(2); // the request still goes out: it tells whether the backend would join
    }

    @Test
    void plainFlaskAnswersThePreflightWithoutCors() throws IOException {
        Files.writeString(project.resolve("app.py"), "from flask import Flask\n\napp = Flask(__name__)\n");
        String url = backend(e -> answer(e, 200, Map.of("Allow", "GET, HEAD, OPTIONS")));

        TestCli.Result result = cli().run("propagation", url, "--no-verify", "-o", "json");

        assertThat(result.codes()).containsExactly("propagation.cors");
        assertThat(result.problems().get(0).get("message").toString()).contains("no Access-Control-Allow-Origin");
        assertThat(result.problems().get(0).get("fix").toString()).startsWith("edit " + project.resolve("app.py").toRealPath()
                + ": after line 3 (app = Flask(__name__)) add from flask_cors import CORS; CORS(app, ");
    }

    @Test
    void anotherOriginAndAFailedPreflightStatusAreEachNamed() throws IOException {
        String url = backend(e -> answer(e, 200, Map.of("Access-Control-Allow-Origin", "https://example.org",
                "Access-Control-Allow-Headers", "*")));
        TestCli.Result other = cli().run("propagation", url, "--no-verify", "--origin", "http://localhost:5173", "-o", "json");
        assertThat(other.problems().get(0).get("message").toString())
                .contains("allows the origin https://example.org, not http://localhost:5173");
        assertThat(other.problems().get(0).get("fix").toString()).contains("origins=[\"http://localhost:5173\"]")
                .startsWith("grep -rln 'Flask(__name__)'");
        stop();

        String refused = backend(e -> answer(e, 405, Map.of()));
        TestCli.Result status = cli().run("propagation", refused, "--no-verify", "-o", "json");
        assertThat(status.problems().get(0).get("message").toString()).contains("got 405: browsers need a 2xx answer");
    }

    @Test
    void gitpodsLoginRedirectMeansThePortIsPrivate() throws IOException {
        String url = backend(e -> answer(e, 302, Map.of("Location", "https://gitpod.io/api/login?returnTo=x")));

        TestCli.Result result = cli().run("propagation", url, "--no-verify", "-o", "json");

        assertThat(result.codes()).containsExactly("propagation.private-port");
        assertThat(result.problems().get(0)).containsEntry("fix", "gp ports visibility " + server.getAddress().getPort() + ":public");
    }

    @Test
    void aFrontendThatPropagatesOnlyToItsOwnOriginIsWarnedWithTheFile() throws IOException {
        Files.createDirectories(project.resolve("frontend/src"));
        Files.createDirectories(project.resolve("frontend/node_modules/x"));
        Files.writeString(project.resolve("frontend/node_modules/x/index.js"), "new FetchInstrumentation({})\n");
        Files.writeString(project.resolve("frontend/src/tracing.js"), "import { FetchInstrumentation } from "
                + "'@opentelemetry/instrumentation-fetch';\nregisterInstrumentations({ instrumentations: [new FetchInstrumentation()] });\n");
        String url = backend(e -> answer(e, 204, Map.of("Access-Control-Allow-Origin", "http://localhost:3000",
                "Access-Control-Allow-Headers", "traceparent,tracestate")));

        TestCli.Result result = cli().run("propagation", url, "--no-verify", "-o", "json");

        assertThat(result.codes()).containsExactly("propagation.frontend-urls");
        assertThat(result.problems().get(0).get("fix").toString()).startsWith("edit "
                + project.resolve("frontend/src/tracing.js").toRealPath() + ": line 1 ")
                .contains("propagateTraceHeaderCorsUrls: [/^http:\\/\\/127\\.0\\.0\\.1:" + server.getAddress().getPort() + "/]");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void withoutAnUrlItSaysWhatToSet() {
        TestCli.Result result = cli().run("propagation", "-o", "json");
        assertThat(result.codes()).containsExactly("config.missing");
        assertThat(result.problems().get(0).get("fix").toString()).startsWith("export TRACECHECK_APP_URL=");
    }

    @Test
    void aKeyInTheAppsUrlIsNeverPrinted() throws IOException {
        String url = backend(e -> answer(e, 200, Map.of("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "*")));
        String secret = "s3cr3tT0k3nValue0123456789";
        String withKey = url.replace("http://", "http://admin:" + secret + "@") + "?page=2&api_key=" + secret;

        TestCli.Result text = cli().run("propagation", withKey, "--no-verify");
        TestCli.Result json = cli().run("propagation", withKey, "--no-verify", "-o", "json");
        TestCli.Result refused = cli().run("propagation", "http://admin:" + secret + "@127.0.0.1:9/x?token=" + secret, "--no-verify");

        for (TestCli.Result result : List.of(text, json, refused)) {
            assertThat(result.all()).as(result.toString()).doesNotContain(secret.substring(0, 6)).doesNotContain(secret.substring(10, 16));
        }
        assertThat(text.all()).contains("/api/items?page=2&api_key=…");
        assertThat(refused.exitCode()).isEqualTo(1);
    }
}
