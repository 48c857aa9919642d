package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user without a route to the service reads: the check's line and the failed step name the
 * stage that failed and why, never a cause the problem below them does not state. Every host is
 * loopback or under .invalid, which never resolves (RFC 2606).
 */
class DiagnosisIT {
    private static final String KEY = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";
    private static final String HONEYCOMB = "https://api.honeycomb.invalid";
    private static final String STS = "https://sts.us-east-1.amazonaws.invalid";

    @TempDir
    Path home;

    private Launcher launcher() {
        return new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).env("LANG", "C.UTF-8")
                .env("OTEL_SERVICE_NAME", "web");
    }

    private Launcher honeycomb(String endpoint) {
        return launcher().env("HONEYCOMB_API_KEY", KEY).env("HONEYCOMB_API_ENDPOINT", endpoint)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + KEY);
    }

    /** Credentials that look right, STS on a host that does not resolve, every other AWS service on a closed port. */
    private Launcher awsWithoutSts() {
        return launcher().env("AWS_REGION", "us-east-1").env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                .env("AWS_ENDPOINT_URL_STS", STS).env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + FreePorts.tcp());
    }

    /** The check's own line: mark, name, duration, then the summary exactly. */
    private static void assertCheckLine(Launcher.Run run, String check, String summary) {
        assertThat(run.out()).as(run.toString())
                .containsPattern(Pattern.compile("(?m)^✗ " + check + " +\\S+  " + Pattern.quote(summary) + "$"));
    }

    /** A failed step's line: its detail exactly, then its duration. */
    private static void assertStepLine(Launcher.Run run, String step, String detail) {
        assertThat(run.out()).as(run.toString())
                .containsPattern(Pattern.compile("(?m)^    ✗ " + step + ": " + Pattern.quote(detail) + " \\(\\S+\\)$"));
    }

    private static long lines(String out, String prefix) {
        return out.lines().filter(line -> line.startsWith(prefix)).count();
    }

    @Test
    void honeycombOnAHostThatDoesNotResolveSaysSo() throws Exception {
        Launcher.Run run = honeycomb(HONEYCOMB).run("honeycomb");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertCheckLine(run, "honeycomb", "authenticate: could not reach api.honeycomb.invalid (DNS)");
        assertStepLine(run, "authenticate", "could not reach api.honeycomb.invalid (DNS)");
        assertThat(lines(run.out(), "    ✗ net.dns: ")).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("not accepted").doesNotContain("honeycomb.key-rejected").doesNotContain(KEY);
    }

    @Test
    void xrayAndLogsWithStsUnresolvableNameTheIdentityStep() throws Exception {
        for (String check : List.of("xray", "logs")) {
            Launcher.Run run = check.equals("xray") ? awsWithoutSts().run("xray", "--via", "api") : awsWithoutSts().run("logs");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertCheckLine(run, check, "identity: could not reach sts.us-east-1.amazonaws.invalid (DNS)");
            assertStepLine(run, "identity", "could not reach sts.us-east-1.amazonaws.invalid (DNS)");
            assertThat(lines(run.out(), "    ✗ net.dns: ")).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).doesNotContain("not accepted");
        }
    }

    @Test
    void xrayAndLogsWithoutCredentialsSayNoneWereFoundOncePerCheck() throws Exception {
        Launcher.Run run = launcher().env("AWS_REGION", "us-east-1").run("doctor", "--only", "xray,logs");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertCheckLine(run, "xray", "credentials: no credentials found");
        assertCheckLine(run, "logs", "credentials: no credentials found");
        assertStepLine(run, "credentials", "no credentials found");
        assertThat(run.out()).doesNotContain("not accepted");
        // env's review, xray's session and logs' session: one report of the one cause per check
        assertThat(lines(run.out(), "    ✗ aws.credentials-missing: ") + lines(run.out(), "    ! aws.credentials-missing: "))
                .as(run.toString()).isEqualTo(3);

        Launcher.Run alone = launcher().env("AWS_REGION", "us-east-1").run("xray", "--via", "api");
        assertCheckLine(alone, "xray", "credentials: no credentials found");
        assertThat(lines(alone.out(), "    ✗ aws.credentials-missing: no credentials: tried ")).as(alone.toString())
                .isEqualTo(1);
        assertThat(alone.out()).doesNotContain("! aws.credentials-missing");
        assertThat(alone.out()).as("the session's fix pastes, like the review's").contains("      fix: aws configure ")
                .doesNotContain("<key id>").doesNotContain("<secret>");
    }

    @Test
    void aRefusedPortIsNamed() throws Exception {
        int port = FreePorts.tcp();
        Launcher.Run run = launcher().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port).run("honeycomb");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertCheckLine(run, "honeycomb", "send: could not reach 127.0.0.1:" + port + " (connection refused)");
        assertStepLine(run, "send", "could not reach 127.0.0.1:" + port + " (connection refused)");
        assertThat(lines(run.out(), "    ✗ net.refused: ")).as(run.toString()).isEqualTo(1);
    }

    @Test
    void httpsToAPlainPortIsATlsFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = holdConnections(plain, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            try {
                String endpoint = "https://127.0.0.1:" + plain.getLocalPort();
                Launcher.Run run = launcher().env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint).run("honeycomb");
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
                String headline = "could not reach 127.0.0.1:" + plain.getLocalPort() + " (TLS handshake failed)";
                assertCheckLine(run, "honeycomb", "send: " + headline);
                assertStepLine(run, "send", headline);
                assertThat(lines(run.out(), "    ✗ net.tls: ")).as(run.toString()).isEqualTo(1);
            } finally {
                answering.interrupt();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStallingServerEndsTheCheckAtItsDeadlineAloneAndInDoctor() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread holding = holdConnections(silent, null);
            try {
                String address = "127.0.0.1:" + silent.getLocalPort();
                String summary = "authenticate: no answer from " + address + " within --timeout 2.0s";
                Launcher.Run alone = honeycomb("http://" + address).run("honeycomb", "--timeout", "2s");
                assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(1);
                assertCheckLine(alone, "honeycomb", summary);
                assertStepLine(alone, "authenticate", "no answer from " + address + " within --timeout 2.0s");
                assertThat(alone.out()).as(alone.toString())
                        .contains("    ✗ net.timeout: " + address + " did not answer within --timeout 2.0s\n");

                Launcher.Run doctor = honeycomb("http://" + address).run("doctor", "--only", "honeycomb", "--timeout", "2s");
                assertCheckLine(doctor, "honeycomb", summary);

                Launcher.Run json = honeycomb("http://" + address).run("honeycomb", "--timeout", "2s", "-o", "json");
                Map<String, Object> check = ((List<Map<String, Object>>) JSON.std.mapFrom(json.out()).get("checks")).get(0);
                assertThat(check.get("summary")).as(json.toString()).isEqualTo(summary);
                // the deadline, the runner's second of grace, and room for a busy machine
                assertThat(((Number) check.get("duration_ms")).longValue()).isLessThanOrEqualTo(2000 + 2500);
            } finally {
                holding.interrupt();
            }
        }
    }

    /** Something listens but closes every connection at once: never "nothing listens", never "start the collector". */
    @Test
    void aPortThatClosesAtOnceIsNotARefusal() throws Exception {
        try (io.tracecheck.ClosingPort closing = new io.tracecheck.ClosingPort()) {
            Launcher.Run run = launcher().env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closing.port()).run("honeycomb");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertCheckLine(run, "honeycomb", "send: 127.0.0.1:" + closing.port() + " closed the connection without an answer");
            assertThat(lines(run.out(), "    ✗ net.closed: 127.0.0.1:" + closing.port() + " accepted the connection and closed it "
                    + "without an answer")).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("      fix: curl -sv --max-time 5 http://127.0.0.1:" + closing.port() + "/v1/traces  # ")
                    .doesNotContain("net.refused").doesNotContain("tracecheck listen");
        }
    }

    /** Accepts every connection; sends {@code answer} (when not null) and keeps the socket open, or never answers. */
    private static Thread holdConnections(ServerSocket server, String answer) {
        Thread thread = new Thread(() -> {
            List<Socket> held = new ArrayList<>();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Socket socket = server.accept();
                    held.add(socket);
                    if (answer != null) {
                        OutputStream out = socket.getOutputStream();
                        out.write(answer.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // the test is over
            } finally {
                for (Socket socket : held) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }, "diagnosis-it-server");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
