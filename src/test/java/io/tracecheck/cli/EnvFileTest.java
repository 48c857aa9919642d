package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import io.tracecheck.core.EnvFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvFileTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path path = dir.resolve("app.env");
        Files.writeString(path, text);
        return path;
    }

    @Test
    void readsTheDotenvDialect() throws Exception {
        Map<String, String> values = EnvFile.read(file("""
                # Honeycomb
                export OTEL_SERVICE_NAME=flask-backend   # inline comment

                HONEYCOMB_DATASET='single ${NOT_EXPANDED} # kept'
                OTEL_EXPORTER_OTLP_HEADERS="x-honeycomb-team=${HONEYCOMB_API_KEY}"
                MULTI="line one
                line \\"two\\""
                EMPTY=
                """));
        assertThat(values).containsEntry("OTEL_SERVICE_NAME", "flask-backend")
                .containsEntry("HONEYCOMB_DATASET", "single ${NOT_EXPANDED} # kept")
                .containsEntry("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=${HONEYCOMB_API_KEY}")
                .containsEntry("MULTI", "line one\nline \"two\"")
                .containsEntry("EMPTY", "");
    }

    @Test
    void processEnvironmentWinsOverTheFile() throws Exception {
        Path path = file("OTEL_SERVICE_NAME=from-file\nROLLBAR_ENVIRONMENT=from-file\n");
        TestCli.Result result = TestCli.in(dir).env(Fixtures.validEnvironment())
                .run("env", "--env-file", path.toString());
        assertThat(result.out()).as(result.toString())
                .containsPattern("OTEL_SERVICE_NAME\\s+flask-backend\\s+env")
                .containsPattern("ROLLBAR_ENVIRONMENT\\s+staging\\s+env");
        TestCli.Result fromFile = TestCli.in(dir).env(Fixtures.validEnvironment()).without("OTEL_SERVICE_NAME")
                .run("env", "--env-file", path.toString());
        assertThat(fromFile.out()).as(fromFile.toString()).containsPattern("OTEL_SERVICE_NAME\\s+from-file\\s+file");
    }

    @Test
    void placeholderFromTheFileIsReportedAsSuch() throws Exception {
        Path path = file("HONEYCOMB_API_KEY=${HONEYCOMB_API_KEY}\n");
        TestCli.Result result = TestCli.in(dir).run("env", "--env-file", path.toString(), "--only", "honeycomb");
        assertThat(result.out()).as(result.toString())
                .contains("HONEYCOMB_API_KEY is the unexpanded placeholder ${HONEYCOMB_API_KEY} (from the env file)");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void unterminatedQuoteNamesFileAndLine() throws Exception {
        assertUsageError(file("A=1\nB=2\nHONEYCOMB_API_KEY=\"hcaik_secret_value\nC=3\n"), ":3: unterminated double quote");
    }

    @Test
    void missingEqualsNamesFileAndLine() throws Exception {
        assertUsageError(file("# ok\nOTEL_SERVICE_NAME flask\n"), ":2: no '=' on this line");
    }

    @Test
    void invalidNameNamesFileAndLine() throws Exception {
        assertUsageError(file("OK=1\n9LIVES=cat\n"), ":2: not a valid variable name");
    }

    @Test
    void binaryGarbageIsRefused() throws Exception {
        Path path = dir.resolve("garbage.env");
        Files.write(path, new byte[] {'A', '=', '1', '\n', (byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'});
        assertUsageError(path, ":2: not UTF-8 text");
        Path nul = dir.resolve("nul.env");
        Files.write(nul, new byte[] {'A', '=', '1', '\n', 'B', '=', 0, '\n'});
        assertUsageError(nul, ":2: NUL byte");
    }

    @Test
    void missingOrUnreadableFileIsAUsageError() {
        assertUsageError(dir.resolve("nope.env"), "nope.env: no such file");
        assertUsageError(dir, "is a directory");
    }

    @Test
    void errorsNeverEchoTheValue() throws Exception {
        TestCli.Result result = TestCli.in(dir).run("env", "--env-file",
                file("HONEYCOMB_API_KEY=\"hcaik_do_not_print_me\n").toString());
        assertThat(result.all()).doesNotContain("do_not_print_me");
        assertThatThrownBy(() -> EnvFile.read(dir.resolve("app.env"))).hasMessageNotContaining("do_not_print_me");
    }

    private void assertUsageError(Path path, String expected) {
        TestCli.Result result = TestCli.in(dir).run("env", "--env-file", path.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains(path.toString()).contains(expected)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }
}
