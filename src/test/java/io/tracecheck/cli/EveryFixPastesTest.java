package io.tracecheck.cli;

import io.tracecheck.ClosingPort;
import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.OneTransportPort;
import io.tracecheck.TestCli;
import io.tracecheck.core.Check;
import io.tracecheck.core.CheckContext;
import io.tracecheck.core.CheckResult;
import io.tracecheck.core.CheckRunner;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.listen.honeycomb.AcceptedKey;
import io.tracecheck.listen.rollbar.AcceptedToken;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every problem code: each is produced through the command line (or, for internal.error, the runner), and
 * every fix printed is a command that pastes as it is, or an exact edit (file and key), never a placeholder.
 * A new code without a scenario here fails the walk.
 */
class EveryFixPastesTest {
    private static final String STS_OK = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/dev</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";

    /** What a fix line may not hold: values left for the user to fill in. */
    private static final List<Pattern> PLACEHOLDERS = List.of(
            Pattern.compile("<[A-Za-z][^<>]*>"), // <key id>, <the real value>
            Pattern.compile("'<"),
            Pattern.compile("(?i)\\byour[-_ ](api[-_ ]?)?(key|token|secret|region|value|ingest key)\\b"),
            Pattern.compile("\\b(NAME|GROUP|STREAM|HOST|PORT|VALUE|REGION|KEY|TOKEN|SECRET)\\b"), // a capital word standing for a value
            Pattern.compile("…|\\.\\.\\."));

    /** Where a fix starts a command or an edit: at its start, or after a clause ends. */
    private static final Pattern COMMAND = Pattern.compile("(^|: |; |, |\\(|\\bor |\\bthen |&& )("
            + "export [A-Z_]+|unset [A-Z_]+|gp env |eval \"\\$\\(gp env -e\\)\"|read -rs? [A-Z_]+|aws [a-z]|docker (compose|run) |"
            + "tracecheck [a-z]|getent hosts |curl |openssl s_client |grep -|gp ports |sleep \\d|[A-Z_]+=\\S+ ([A-Z_]+=\\S+ )*tracecheck |edit /\\S+: )");

    /**
     * Codes whose cause is nothing the user configured, so no command from here fixes it: an outage, tracecheck's
     * own crash, a payload the service refused for a reason its message names, a clock only the host's admin sets.
     * Their fix says so (docs/problems.md), and still holds no placeholder.
     */
    private static final Set<ProblemCode> NOTHING_TO_PASTE = EnumSet.of(ProblemCode.HTTP_SERVER_ERROR,
            ProblemCode.INTERNAL_ERROR, ProblemCode.HONEYCOMB_PARTIAL_SUCCESS, ProblemCode.XRAY_SEGMENT_REJECTED,
            ProblemCode.ROLLBAR_PAYLOAD_REJECTED, ProblemCode.AWS_CLOCK_SKEW, ProblemCode.LOGS_EVENTS_REJECTED,
            ProblemCode.XRAY_SPANS_REJECTED);

    @TempDir
    Path home;

    @TempDir
    Path work;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();
    private MockWebServer server;
    /** An OTLP/HTTP port as a collector's is (listen's explains a wrong transport in its own words). */
    private OneTransportPort collectorHttpPort;
    private final Map<ProblemCode, List<Problem>> produced = new TreeMap<>();
    private final List<String> scenariosWithoutProblems = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        collectorHttpPort = OneTransportPort.http1();
    }

    @AfterEach
    void stop() throws Exception {
        collectorHttpPort.close();
        server.close();
    }

    @Test
    void everyProblemCodeIsProducedAndEveryFixPastes() throws Exception {
        configuration();
        network();
        honeycomb();
        aws();
        xray();
        logs();
        rollbar();
        propagation();
        internal();

        assertThat(scenariosWithoutProblems).as("scenarios that produced no problem").isEmpty();
        assertThat(produced.keySet()).as("problem codes no scenario produced")
                .containsAll(Arrays.asList(ProblemCode.values()));
        List<String> bad = new ArrayList<>();
        produced.forEach((code, problems) -> problems.forEach(problem -> {
            String fix = problem.fix();
            PLACEHOLDERS.stream().filter(p -> p.matcher(fix).find()).findFirst()
                    .ifPresent(p -> bad.add(code.id() + ": placeholder /" + p + "/ in: " + fix));
            if (!NOTHING_TO_PASTE.contains(code) && !COMMAND.matcher(fix).find()) {
                bad.add(code.id() + ": neither a command nor an edit: " + fix);
            }
        }));
        // what explain prints, and what a problem without a fix of its own starts from
        for (ProblemCode code : ProblemCode.values()) {
            PLACEHOLDERS.stream().filter(p -> p.matcher(code.fix()).find()).findFirst()
                    .ifPresent(p -> bad.add(code.id() + ": placeholder /" + p + "/ in the catalogue's fix: " + code.fix()));
            if (!NOTHING_TO_PASTE.contains(code) && !COMMAND.matcher(code.fix()).find()) {
                bad.add(code.id() + ": the catalogue's fix is neither a command nor an edit: " + code.fix());
            }
        }
        assertThat(bad).as("fixes that do not paste; every fix produced:\n%s", describe(produced)).isEmpty();

        // pasted from where its command starts to the end of the line, a fix is one a shell accepts: a note after
        // it is a comment ("  # ..."), never "(...)", which bash refuses as a syntax error before running anything
        Map<String, String> shellLines = new TreeMap<>();
        produced.forEach((code, problems) -> problems.forEach(problem -> shellLine(problem.fix())
                .ifPresent(line -> shellLines.putIfAbsent(line, code.id()))));
        for (ProblemCode code : ProblemCode.values()) {
            shellLine(code.fix()).ifPresent(line -> shellLines.putIfAbsent(line, code.id() + " (catalogue)"));
        }
        assertThat(shellLines).hasSizeGreaterThan(ProblemCode.values().length / 2);
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, String> line : shellLines.entrySet()) {
            String complaint = bashRefuses(line.getKey());
            if (complaint != null) {
                refused.add(line.getValue() + ": " + line.getKey() + "\n      bash: " + complaint);
            }
        }
        assertThat(refused).as("fixes a shell refuses when pasted from their command on").isEmpty();
    }

    /** The fix from where its command starts, when it starts one (an edit is not pasted into a shell). */
    private static java.util.Optional<String> shellLine(String fix) {
        java.util.regex.Matcher command = COMMAND.matcher(fix);
        if (!command.find() || command.group(2).startsWith("edit ")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fix.substring(command.start(2)));
    }

    /** What {@code bash -n} says of the line (it parses without running anything), or null when it accepts it. */
    private static String bashRefuses(String line) throws Exception {
        Process bash = new ProcessBuilder("bash", "-n", "-c", line).redirectErrorStream(true).start();
        String said = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        return bash.waitFor() == 0 ? null : said;
    }

    /** In a Gitpod workspace, a fix that sets a variable always takes the one gp env form. */
    @Test
    void inGitpodEveryFixOfAVariableIsTheGpForm() {
        List<TestCli> workspaces = List.of(
                cli().env(Fixtures.validEnvironment()).env("AWS_REGION", "us-east1"),
                cli().env(Fixtures.validEnvironment()).env("AWS_DEFAULT_REGION", "us-east-1").without("OTEL_SERVICE_NAME"),
                cli().env(Fixtures.validEnvironment()).without("AWS_SECRET_ACCESS_KEY").env("ROLLBAR_ENVIRONMENT", "${ENV}")
                        .env("HONEYCOMB_DATASET", "flask"),
                cli().env("AWS_REGION", "eu-west-1"),
                cli().env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID).env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET),
                // the SDK's own rules: only the key set, an unexpanded header, /v1/traces twice
                cli().env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY).env("OTEL_SERVICE_NAME", "web"),
                cli().env(Fixtures.validEnvironment()).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=${HONEYCOMB_API_KEY}"),
                cli().env(Fixtures.validEnvironment())
                        .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io/v1/traces/v1/traces"));
        List<String> fixes = new ArrayList<>();
        for (TestCli workspace : workspaces) {
            TestCli.Result result = workspace.env("GITPOD_WORKSPACE_ID", "shop-abc123").run("env", "-o", "json");
            result.problems().forEach(p -> fixes.add(String.valueOf(p.get("fix"))));
        }
        List<TestCli> checks = List.of(cli(), cli(), cli(),
                honeycombApp("hcaik_01unknownkeyuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"),
                rollbarApp(AcceptedToken.LOCAL_CLIENT.token()),
                awsLocal().env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE"),
                collector(collectorHttpPort.url()).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        List<String> backends = List.of("honeycomb", "rollbar", "xray", "honeycomb", "rollbar", "xray", "honeycomb");
        for (int i = 0; i < checks.size(); i++) {
            TestCli.Result result = checks.get(i).env("GITPOD_WORKSPACE_ID", "shop-abc123").run(backends.get(i), "-o", "json");
            result.problems().forEach(p -> fixes.add(String.valueOf(p.get("fix"))));
        }
        assertThat(fixes).hasSizeGreaterThan(6);
        assertThat(fixes).allSatisfy(fix -> {
            assertThat(fix).doesNotContainPattern("(^|[^-])\\bexport [A-Z_]+").doesNotContainPattern("(^|&& )unset [A-Z_]+ *$");
            if (fix.contains("gp env ") && !fix.contains("gp env -u")) {
                assertThat(fix).contains("&& eval \"$(gp env -e)\"");
            }
        });
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).isEqualTo(
                "gp env AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 && eval \"$(gp env -e)\""));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).startsWith(
                "read -rs AWS_SECRET_ACCESS_KEY && gp env AWS_SECRET_ACCESS_KEY=\"$AWS_SECRET_ACCESS_KEY\" && eval \"$(gp env -e)\""));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).isEqualTo("gp env -u HONEYCOMB_DATASET && unset HONEYCOMB_DATASET; "
                + "set OTEL_SERVICE_NAME to the dataset name you want"));
        // a problem that takes its code's usual fix (a rejected key, a client token, a wrong secret) gets the gp form too
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).startsWith("read -rs HONEYCOMB_API_KEY && gp env "
                + "HONEYCOMB_API_KEY=\"$HONEYCOMB_API_KEY\" && eval \"$(gp env -e)\"  # paste the key again"));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).startsWith("read -rs ROLLBAR_ACCESS_TOKEN && gp env"));
        // the SDK's rules set variables in the same form: the endpoint with its header, a header that refers to the key
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).isEqualTo("gp env OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io "
                + "OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\" && eval \"$(gp env -e)\""));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).isEqualTo(
                "gp env OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\" && eval \"$(gp env -e)\""));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).isEqualTo(
                "gp env OTEL_EXPORTER_OTLP_ENDPOINT=https://api.honeycomb.io && eval \"$(gp env -e)\""));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).isEqualTo(
                "gp env OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf && eval \"$(gp env -e)\""));
        assertThat(fixes).anySatisfy(fix -> assertThat(fix).startsWith("read -rs AWS_SECRET_ACCESS_KEY && gp env "
                + "AWS_SECRET_ACCESS_KEY=\"$AWS_SECRET_ACCESS_KEY\" && eval \"$(gp env -e)\"  # paste the secret created with this"));
    }

    /** Region fixes set what boto3 and the CLI read as well as what the Java and Node SDKs read, to one value. */
    @Test
    void regionFixesLeaveBothVariablesAgreeing() throws Exception {
        Map<String, String> fixes = new LinkedHashMap<>();
        fixes.put("malformed", only(cli().env(Fixtures.validEnvironment()).env("AWS_REGION", "eu-west1"), "config.malformed"));
        fixes.put("conflict", only(cli().env(Fixtures.validEnvironment()).env("AWS_DEFAULT_REGION", "us-east-1"), "config.conflict"));
        fixes.put("unknown", only(cli().env(Fixtures.validEnvironment()).without("AWS_REGION")
                .env("AWS_DEFAULT_REGION", "eu-west-9"), "aws.region-invalid"));
        fixes.put("missing", only(cli().env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET), "aws.region-missing"));
        Files.writeString(home.resolve("aws-config"), "[profile dev]\nregion = eu-west-9\n");
        fixes.put("profile", only(cli().env("AWS_PROFILE", "dev").env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET), "aws.region-invalid"));
        assertThat(fixes).containsExactly(
                Map.entry("malformed", "export AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1"),
                Map.entry("conflict", "export AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1"),
                Map.entry("unknown", "export AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1"),
                Map.entry("missing", "read -r AWS_REGION && export AWS_REGION AWS_DEFAULT_REGION=\"$AWS_REGION\""),
                Map.entry("profile", "aws configure set region eu-west-1 --profile dev"));
    }

    private String only(TestCli cli, String code) {
        TestCli.Result result = cli.run("env", "--only", "aws", "-o", "json");
        List<Map<String, Object>> matching = result.problems().stream().filter(p -> code.equals(p.get("code"))).toList();
        assertThat(matching).as(result.toString()).hasSize(1);
        return String.valueOf(matching.get(0).get("fix"));
    }

    // ---- scenarios, by family ----

    private void configuration() throws Exception {
        env("AWS key id without its secret", cli().env("AWS_REGION", "eu-west-1").env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID));
        env("AWS secret without its key id", cli().env("AWS_REGION", "eu-west-1").env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET));
        env("a temporary key without its token", cli().env("AWS_REGION", "eu-west-1")
                .env("AWS_ACCESS_KEY_ID", "ASIAZ7Q3XW5EXAMPLE42").env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET));
        run("honeycomb by name, not configured", cli(), "honeycomb");
        run("rollbar by name, not configured", cli(), "rollbar");
        run("xray by name, not configured", cli(), "xray");
        env("placeholders", cli().env(Fixtures.validEnvironment()).env("OTEL_SERVICE_NAME", "${SERVICE_NAME}")
                .env("ROLLBAR_ACCESS_TOKEN", "<your-token>"));
        env("copy-paste whitespace", cli().env(Fixtures.validEnvironment()).env("OTEL_SERVICE_NAME", "web ")
                .env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY + "\n"));
        env("malformed values", cli().env(Fixtures.validEnvironment()).env("AWS_REGION", "eu-west1")
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "protobuf").env("AWS_XRAY_DAEMON_ADDRESS", "xray-daemon")
                .env("OTEL_EXPORTER_OTLP_TIMEOUT", "10s"));
        env("two regions", cli().env(Fixtures.validEnvironment()).env("AWS_DEFAULT_REGION", "us-east-1"));
        // a colon where the list wants '=', as an HTTP header is written
        env("a header list that is not name=value pairs", cli().env(Fixtures.validEnvironment())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team: " + Fixtures.INGEST_KEY));
        Path file = work.resolve("docker-compose.yml");
        Files.writeString(file, "services:\n  web:\n    environment:\n      OTEL_SERVICE_NAME: ${SERVICE}\n"
                + "      AWS_REGION: eu-west1\n      AWS_ACCESS_KEY_ID: " + Fixtures.AWS_KEY_ID + "\n");
        run("a compose service's environment", cli(), "env", "--compose", file.toString(), "--service", "web");

        Path bin = Files.createDirectories(work.resolve("bin"));
        Path gp = bin.resolve("gp");
        Files.writeString(gp, "#!/bin/sh\necho HONEYCOMB_API_KEY=" + Fixtures.INGEST_KEY + "\n");
        Files.setPosixFilePermissions(gp, PosixFilePermissions.fromString("rwxr-xr-x"));
        env("gp env not loaded", cli().env("GITPOD_WORKSPACE_ID", "shop-abc").env("PATH", bin + ":/usr/bin:/bin")
                .env("AWS_REGION", "eu-west-1"));
    }

    private void network() throws Exception {
        run("unresolvable host", collector("http://collector.invalid:4318"), "honeycomb");
        Files.writeString(work.resolve("compose.yaml"), "services:\n  otel-collector:\n    ports: [\"4318:4318\"]\n");
        run("a compose service's name", collector("http://otel-collector:4318").env("PWD", work.toString()), "honeycomb");
        Files.delete(work.resolve("compose.yaml"));
        run("nothing listening", collector("http://127.0.0.1:" + closedPort()), "honeycomb");
        run("https to a plain port", collector(listen.backends().httpBaseUrl().replace("http://", "https://")), "honeycomb");
        try (ClosingPort closing = new ClosingPort()) {
            run("a port that accepts and closes", collector("http://127.0.0.1:" + closing.port()), "honeycomb");
        }
        server.enqueue(new MockResponse.Builder().onRequestStart(SocketEffect.Stall.INSTANCE).build());
        run("a server that never answers", collector(base()), "honeycomb", "--timeout", "1s");
        server.enqueue(new MockResponse.Builder().code(503).body("<html>upstream connect error</html>").build());
        run("5xx", collector(base()), "honeycomb");
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("slow down").build());
        run("429", collector(base()), "honeycomb");
        server.enqueue(new MockResponse.Builder().code(418).body("teapot").build());
        run("an unexpected status", collector(base()), "honeycomb");
    }

    private void honeycomb() throws Exception {
        run("unknown key", honeycombApp("hcaik_01unknownkeyuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"), "honeycomb");
        String euKey = "hcxik_01eukeyeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
        try (LocalBackends eu = LocalBackends.start(ListenOptions.ephemeral()
                .withHoneycombKeys(List.of(AcceptedKey.parse(euKey + ":ingest")), false), Clock.systemUTC())) {
            run("a key of the other region", honeycombApp(euKey).env("TRACECHECK_HONEYCOMB_OTHER_ENDPOINT", eu.httpBaseUrl()),
                    "honeycomb");
        }
        env("honeycomb's static rules", cli().env(Fixtures.validEnvironment()).env("HONEYCOMB_API_KEY", "hcamk_01hq9rz3example")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=hcamk_01hq9rz3example")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io/v1/traces").without("OTEL_SERVICE_NAME"));
        env("a classic key without dataset", cli().env(Fixtures.validEnvironment()).env("HONEYCOMB_API_KEY", Fixtures.CLASSIC_KEY)
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + Fixtures.CLASSIC_KEY));
        env("the SDK's switches turn the app's export off", cli().env(Fixtures.validEnvironment())
                .env("OTEL_SDK_DISABLED", "true").env("OTEL_TRACES_EXPORTER", "console")
                .env("OTEL_TRACES_SAMPLER", "always_off").env("OTEL_PROPAGATORS", "b3multi"));
        env("an environment key with a dataset", cli().env(Fixtures.validEnvironment()).env("HONEYCOMB_DATASET", "flask"));
        byte[] partial = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(1).setErrorMessage("span name too long")).build().toByteArray();
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf")
                .body(new Buffer().write(partial)).build());
        run("partial success", collector(base()), "honeycomb");
        run("an ingest key cannot read back", honeycombApp(AcceptedKey.LOCAL_INGEST.key()), "honeycomb", "--verify");
        server.enqueue(json(200, "{\"type\":\"configuration\",\"api_key_access\":{\"events\":true,\"queries\":true},"
                + "\"environment\":{\"name\":\"dev\",\"slug\":\"dev\"},\"team\":{\"name\":\"t\",\"slug\":\"t\"}}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build());
        for (int i = 0; i < 20; i++) {
            server.enqueue(json(200, "{\"id\":\"q1\"}"));
            server.enqueue(json(201, "{\"id\":\"r1\",\"complete\":true,\"data\":{\"results\":[{\"data\":{\"COUNT\":0}}]}}"));
        }
        String key = AcceptedKey.LOCAL_CONFIGURATION.key();
        run("never read back", cli().env("HONEYCOMB_API_ENDPOINT", base()).env("HONEYCOMB_API_KEY", key)
                .env("OTEL_SERVICE_NAME", "web").env("OTEL_EXPORTER_OTLP_ENDPOINT", base())
                .env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key), "honeycomb", "--verify", "--verify-timeout", "1s");
        env("only the key: a plain SDK exports to localhost", cli().env("HONEYCOMB_API_KEY", Fixtures.INGEST_KEY)
                .env("OTEL_SERVICE_NAME", "web"));
        run("grpc to a collector's HTTP port", collector(collectorHttpPort.url()).env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
                "honeycomb");
        drain();
    }

    private void aws() throws Exception {
        env("no credentials anywhere", cli().env("AWS_REGION", "eu-west-1"));
        run("an unknown key id", awsLocal().env("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNUNKNOWN12"), "xray", "--via", "api");
        run("the wrong secret", awsLocal().env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE"), "xray",
                "--via", "api");
        server.enqueue(xml(403, "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token "
                + "included in the request is expired</Message></Error><RequestId>1</RequestId></ErrorResponse>"));
        run("an expired session", awsMock(), "xray", "--via", "api");
        server.enqueue(xml(200, STS_OK));
        server.enqueue(new MockResponse.Builder().code(403).addHeader("x-amzn-ErrorType", "AccessDeniedException")
                .addHeader("Content-Type", "application/json").body("{\"message\":\"User: arn:aws:iam::123456789012:user/dev "
                        + "is not authorized to perform: xray:PutTraceSegments\"}").build());
        run("access denied", awsMock(), "xray", "--via", "api");
        env("no region", cli().env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID).env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET));
        env("an unknown region", cli().env(Fixtures.validEnvironment()).env("AWS_REGION", "eu-west-9"));
        try (LocalBackends skewed = LocalBackends.start(ListenOptions.ephemeral(), Clock.offset(Clock.systemUTC(), Duration.ofDays(21)))) {
            run("a skewed clock", awsLocal().env("AWS_ENDPOINT_URL", skewed.httpBaseUrl()), "logs", "--create");
        }
    }

    private void xray() throws Exception {
        try (DatagramSocket taken = new DatagramSocket()) {
            int port = taken.getLocalPort();
            taken.close();
            run("no daemon", awsLocal().env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + port), "xray");
        }
        run("the daemon never acknowledges", awsLocal().env("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + listen.backends().udpPort()), "xray");
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"UnprocessedTraceSegments\":[{\"Id\":\"70de5b6f19ff9a0a\",\"ErrorCode\":\"InvalidTraceId\","
                + "\"Message\":\"trace id is too old\"}]}"));
        run("a rejected segment", awsMock(), "xray", "--via", "api");
        run("a missing group", awsLocal(), "xray", "--via", "api", "--group", "checkout");
        try (XRayClient client = XRayClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AcceptedCredentials.LOCAL.accessKeyId(), AcceptedCredentials.LOCAL.secretAccessKey())))
                .endpointOverride(java.net.URI.create(listen.backends().httpBaseUrl())).httpClient(UrlConnectionHttpClient.create()).build()) {
            client.createGroup(r -> r.groupName("payments").filterExpression("service(\"payments-api\")"));
        }
        run("a group of another service", awsLocal(), "xray", "--via", "api", "--group", "payments");
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"UnprocessedTraceSegments\":[]}"));
        server.enqueue(json(200, "{\"SamplingRuleRecords\":[{\"SamplingRule\":{\"RuleName\":\"off\",\"Priority\":1,"
                + "\"FixedRate\":0.0,\"ReservoirSize\":0,\"ServiceName\":\"web\",\"ServiceType\":\"*\",\"Host\":\"*\","
                + "\"HTTPMethod\":\"*\",\"URLPath\":\"*\",\"ResourceARN\":\"*\",\"Version\":1}}]}"));
        server.enqueue(json(200, "{\"Destination\":\"XRay\",\"Status\":\"ACTIVE\"}"));
        for (int i = 0; i < 20; i++) {
            server.enqueue(json(200, "{\"Traces\":[],\"UnprocessedTraceIds\":[]}"));
        }
        run("sampling at zero, never read back", awsMock(), "xray", "--via", "api", "--verify", "--verify-timeout", "1s");
        drain();
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"UnprocessedTraceSegments\":[]}"));
        server.enqueue(json(200, "{\"SamplingRuleRecords\":[]}"));
        server.enqueue(json(200, "{\"Destination\":\"CloudWatchLogs\",\"Status\":\"ACTIVE\"}"));
        for (int i = 0; i < 20; i++) {
            server.enqueue(json(200, "{\"Traces\":[],\"UnprocessedTraceIds\":[]}"));
        }
        run("transaction search", awsMock(), "xray", "--via", "api", "--verify", "--verify-timeout", "1s");
        drain();
        xrayOtlp();
    }

    /** X-Ray's OTLP path: Transaction Search off, spans rejected in a 200, spans never in aws/spans. */
    private void xrayOtlp() throws Exception {
        try (XRayClient client = XRayClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AcceptedCredentials.LOCAL.accessKeyId(), AcceptedCredentials.LOCAL.secretAccessKey())))
                .endpointOverride(java.net.URI.create(listen.backends().httpBaseUrl())).httpClient(UrlConnectionHttpClient.create()).build()) {
            client.updateTraceSegmentDestination(r -> r.destination("XRay"));
            run("transaction search off", awsLocal(), "xray", "--via", "otlp");
            client.updateTraceSegmentDestination(r -> r.destination("CloudWatchLogs"));
        }
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"Destination\":\"CloudWatchLogs\",\"Status\":\"ACTIVE\"}"));
        byte[] partial = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(1).setErrorMessage("span tracecheck probe child: attribute value too long"))
                .build().toByteArray();
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf")
                .body(new Buffer().write(partial)).build());
        run("spans rejected in a 200", awsMock(), "xray", "--via", "otlp");
        server.enqueue(xml(200, STS_OK));
        server.enqueue(json(200, "{\"Destination\":\"CloudWatchLogs\",\"Status\":\"ACTIVE\"}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf")
                .body(new Buffer()).build());
        for (int i = 0; i < 40; i++) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                    .body("{\"events\":[],\"searchedLogStreams\":[]}").build());
        }
        run("spans never in aws/spans", awsMock(), "xray", "--via", "otlp", "--verify", "--verify-timeout", "1s");
        drain();
    }

    private void logs() throws Exception {
        run("a missing group", awsLocal(), "logs", "--log-group", "app", "--log-stream", "s");
        awsLocal().run("logs", "--create", "--log-group", "app", "--log-stream", "s"); // the group exists, the next stream does not
        run("a missing stream", awsLocal(), "logs", "--log-group", "app", "--log-stream", "other");
        drain();
        server.enqueue(xml(200, STS_OK));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                .body("{\"nextSequenceToken\":\"1\",\"rejectedLogEventsInfo\":{\"tooNewLogEventStartIndex\":0}}").build());
        run("rejected events", awsMock(), "logs");
        server.enqueue(xml(200, STS_OK));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                .body("{\"nextSequenceToken\":\"1\"}").build());
        for (int i = 0; i < 40; i++) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-amz-json-1.1")
                    .body("{\"events\":[],\"nextForwardToken\":\"f/1\",\"nextBackwardToken\":\"b/0\"}").build());
        }
        run("an event never read back", awsMock(), "logs", "--verify", "--verify-timeout", "1s");
    }

    private void rollbar() throws Exception {
        run("an unknown token", rollbarApp("0123456789abcdef0123456789abcdef"), "rollbar");
        run("a client token", rollbarApp(AcceptedToken.LOCAL_CLIENT.token()), "rollbar");
        drain();
        server.enqueue(json(422, "{\"err\":1,\"message\":\"Invalid format. data.body.trace.frames is too long\"}"));
        run("a rejected payload", cli().env("ROLLBAR_ENDPOINT", server.url("/api/1/item/").toString())
                .env("ROLLBAR_ACCESS_TOKEN", AcceptedToken.LOCAL_SERVER.token()), "rollbar");
        server.enqueue(json(200, "{\"err\":0,\"result\":{\"id\":null,\"uuid\":\"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"}}"));
        for (int i = 0; i < 30; i++) {
            server.enqueue(json(404, "{\"err\":1,\"message\":\"Occurrence not found\"}"));
        }
        run("an item never read back", cli().env("ROLLBAR_ENDPOINT", server.url("/api/1/item/").toString())
                .env("ROLLBAR_ACCESS_TOKEN", AcceptedToken.LOCAL_SERVER.token())
                .env("ROLLBAR_READ_TOKEN", AcceptedToken.LOCAL_READ.token()), "rollbar", "--verify", "--verify-timeout", "1s");
    }

    private void propagation() throws Exception {
        drain();
        Path project = work.resolve("project");
        java.nio.file.Files.createDirectories(project.resolve("src"));
        java.nio.file.Files.writeString(project.resolve("app.py"), "from flask import Flask\napp = Flask(__name__)\n");
        java.nio.file.Files.writeString(project.resolve("src/tracing.js"), "registerInstrumentations({ instrumentations: "
                + "[new FetchInstrumentation()] });\n");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Allow", "GET, OPTIONS").build());
        server.enqueue(json(200, "{}"));
        run("a backend without CORS, a frontend that propagates to its own origin only",
                cli().env("PWD", project.toString()), "propagation", server.url("/api/items").toString(), "--no-verify");
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "https://gitpod.io/api/login").build());
        server.enqueue(json(200, "{}"));
        run("a private Gitpod port", cli(), "propagation", server.url("/api/items").toString(), "--no-verify");
        String listenUrl = listen.backends().httpBaseUrl();
        try (io.tracecheck.propagation.InstrumentedApp own = new io.tracecheck.propagation.InstrumentedApp(listenUrl, false);
             io.tracecheck.propagation.InstrumentedApp silent = new io.tracecheck.propagation.InstrumentedApp("http://127.0.0.1:9", true)) {
            run("a backend that starts its own trace", cli().env("OTEL_EXPORTER_OTLP_ENDPOINT", listenUrl), "propagation",
                    own.url("/api/items"), "--verify-timeout", "1s");
            run("a backend that exports nothing", cli().env("OTEL_EXPORTER_OTLP_ENDPOINT", listenUrl), "propagation",
                    silent.url("/api/items"), "--verify-timeout", "1s");
        }
    }

    /** A check that crashes: the runner reports it, with the catalogue's fix. */
    private void internal() {
        Check crashing = new Check() {
            @Override
            public String name() {
                return "boom";
            }

            @Override
            public CheckResult run(CheckContext context) {
                throw new IllegalStateException("kaput");
            }
        };
        List<CheckResult> results = new CheckRunner(Clock.systemUTC()).run(List.of(crashing),
                new CheckContext(Settings.of(Map.of()), Duration.ofSeconds(5), "run1", Clock.systemUTC(), line -> { }));
        record("a crash", results.get(0).problems());
    }

    // ---- helpers ----

    private TestCli cli() {
        return TestCli.in(home);
    }

    private TestCli collector(String endpoint) {
        return cli().env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.replaceAll("/$", "")).env("OTEL_SERVICE_NAME", "web");
    }

    private TestCli honeycombApp(String key) {
        return cli().env("HONEYCOMB_API_ENDPOINT", listen.backends().httpBaseUrl()).env("HONEYCOMB_API_KEY", key)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", listen.backends().httpBaseUrl()).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key)
                .env("OTEL_SERVICE_NAME", "web");
    }

    private TestCli awsLocal() {
        return cli().env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", AcceptedCredentials.LOCAL.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", AcceptedCredentials.LOCAL.secretAccessKey())
                .env("AWS_ENDPOINT_URL", listen.backends().httpBaseUrl()).env("OTEL_SERVICE_NAME", "web");
    }

    private TestCli awsMock() {
        return cli().env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", Fixtures.AWS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", Fixtures.AWS_SECRET).env("AWS_ENDPOINT_URL", server.url("/").toString())
                .env("OTEL_SERVICE_NAME", "web");
    }

    private TestCli rollbarApp(String token) {
        return cli().env("ROLLBAR_ENDPOINT", listen.backends().httpBaseUrl() + "/api/1/item/").env("ROLLBAR_ACCESS_TOKEN", token);
    }

    private String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    /** Answers a scenario left queued (one that stopped before asking for them) would otherwise hand to the next. */
    private void drain() throws Exception {
        server.close();
        server = new MockWebServer();
        server.start();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void env(String scenario, TestCli cli) {
        run(scenario, cli, "env");
    }

    private void run(String scenario, TestCli cli, String... args) {
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.addAll(List.of("-o", "json"));
        TestCli.Result result = cli.run(withJson.toArray(String[]::new));
        List<Problem> problems = result.allProblems().stream().map(p -> Problem.of(ProblemCode.byId(String.valueOf(p.get("code")))
                .orElseThrow(() -> new AssertionError("unknown code in " + result)), String.valueOf(p.get("message")),
                String.valueOf(p.get("fix")))).toList();
        record(scenario + " (" + String.join(" ", args) + ")", problems);
    }

    private void record(String scenario, List<Problem> problems) {
        if (problems.isEmpty()) {
            scenariosWithoutProblems.add(scenario);
        }
        problems.forEach(problem -> produced.computeIfAbsent(problem.code(), c -> new ArrayList<>()).add(problem));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse xml(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "text/xml").body(body).build();
    }

    private static String describe(Map<ProblemCode, List<Problem>> produced) {
        return produced.entrySet().stream().map(e -> e.getKey().id() + ":\n" + e.getValue().stream()
                .map(p -> "    " + p.fix()).collect(Collectors.joining("\n"))).collect(Collectors.joining("\n"));
    }
}
