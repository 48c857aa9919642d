package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** env in a Gitpod workspace compares what gp env persisted with this shell, through a fake gp on a PATH the test controls. */
class GitpodEnvTest {
    private static final String PERSISTED_KEY = Fixtures.INGEST_KEY;

    @TempDir
    Path home;

    @TempDir
    Path bin;

    /** A gp that prints {@code output} for "gp env" and records that it ran. */
    private void fakeGp(String script) throws Exception {
        Path gp = bin.resolve("gp");
        Files.writeString(gp, "#!/bin/sh\necho \"$@\" > '" + bin.resolve("ran") + "'\n" + script);
        Files.setPosixFilePermissions(gp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private TestCli workspace() {
        return TestCli.in(home).env("GITPOD_WORKSPACE_ID", "shop-abc123").env("PATH", bin + ":/usr/bin:/bin");
    }

    @Test
    void persistedVariablesMissingFromThisShellAreNamedWithSecretsMasked() throws Exception {
        fakeGp("printf 'HONEYCOMB_API_KEY=" + PERSISTED_KEY + "\\nAWS_REGION=eu-west-1\\nAWS_DEFAULT_REGION=eu-west-1\\n"
                + "SOME_OTHER_TOOL=x\\nOTEL_SERVICE_NAME=shop\\n'\n");
        TestCli.Result result = workspace().env("OTEL_SERVICE_NAME", "web").env("AWS_DEFAULT_REGION", "eu-west-1")
                .run("env", "-o", "json");
        assertThat(Files.readString(bin.resolve("ran")).strip()).isEqualTo("env");
        Map<String, Object> problem = result.problems().stream().filter(p -> p.get("code").equals("config.not-loaded"))
                .findFirst().orElseThrow(() -> new AssertionError(result.toString()));
        assertThat(problem.get("severity")).isEqualTo("warn");
        assertThat(problem.get("message")).isEqualTo("HONEYCOMB_API_KEY (hcai…(64 chars)), AWS_REGION (eu-west-1) are persisted "
                + "with gp env but not set in this shell; OTEL_SERVICE_NAME (web here, shop persisted) differs from the persisted "
                + "value: gp env reaches only workspaces started after it, so an app started from this shell does not get them");
        assertThat(problem.get("fix")).isEqualTo("eval \"$(gp env -e)\"  # loads the persisted variables into this shell; "
                + "restart the app from it");
        assertThat(result.all()).doesNotContain(PERSISTED_KEY).doesNotContain("SOME_OTHER_TOOL");
    }

    @Test
    void nothingToSayWhenTheShellHasWhatGpPersisted() throws Exception {
        fakeGp("echo AWS_REGION=eu-west-1\n");
        TestCli.Result result = workspace().env("AWS_REGION", "eu-west-1").run("env", "-o", "json");
        assertThat(Files.exists(bin.resolve("ran"))).isTrue();
        assertThat(result.codes()).as(result.toString()).doesNotContain("config.not-loaded");
    }

    @Test
    void gpIsAskedOnlyInAGitpodWorkspace() throws Exception {
        fakeGp("echo AWS_REGION=eu-west-1\n");
        TestCli.Result result = TestCli.in(home).env("PATH", bin.toString()).run("env", "-o", "json");
        assertThat(Files.exists(bin.resolve("ran"))).as(result.toString()).isFalse();
        assertThat(result.codes()).doesNotContain("config.not-loaded");
    }

    @Test
    void aGpThatFailsOrHangsIsNotWaitedForBeyondItsLimit() throws Exception {
        fakeGp("echo 'failed connecting to supervisor' >&2\nexit 1\n");
        TestCli.Result failed = workspace().run("env", "--verbose");
        assertThat(failed.err()).as(failed.toString()).contains("gitpod: gp env exited 1; not compared");
        assertThat(failed.all()).doesNotContain("config.not-loaded");

        fakeGp("echo AWS_REGION=eu-west-1\nexec sleep 60\n");
        TestCli.Result hung = workspace().run("env", "--verbose", "--timeout", "3s");
        assertThat(hung.err()).as(hung.toString()).contains("gitpod: gp env did not answer within 1.5s; not compared");
        assertThat(hung.all()).doesNotContain("config.not-loaded");
    }
}
