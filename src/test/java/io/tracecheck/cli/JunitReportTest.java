package io.tracecheck.cli;

import io.tracecheck.Fixtures;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor --junit: valid JUnit XML, one testcase per check, failures and skips as CI reads them, no secret. */
class JunitReportTest {
    @TempDir
    Path home;

    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension();

    private static void assertValid(Path xml) throws Exception {
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JunitReportTest.class.getResource("/junit.xsd"))
                .newValidator().validate(new StreamSource(xml.toFile()));
    }

    @Test
    void failuresSkipsAndPassesAreCaseByCase() throws Exception {
        Path junit = home.resolve("tracecheck.xml");
        String rejected = "hcaik_01secretssssssssssssssssssssssssssssssssssssssssssssssssss";
        TestCli.Result result = TestCli.in(home).env(Fixtures.localBackends(listen.backends()))
                .env("HONEYCOMB_API_KEY", rejected).env("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + rejected)
                .env("OTEL_SERVICE_NAME", "web").without("ROLLBAR_ACCESS_TOKEN")
                .run("doctor", "--create", "--junit", junit.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertValid(junit);
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuites name=\"tracecheck\" tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains("<testcase name=\"honeycomb\"").contains("<failure message=\"honeycomb.key-rejected:")
                .contains("type=\"honeycomb.key-rejected\"")
                .contains("<testcase name=\"rollbar\"")
                // the skip gives Rollbar's own not-configured problem, not a retyped copy of it
                .contains("<skipped message=\"" + io.tracecheck.rollbar.RollbarConfig.notConfigured().message() + "\"/>")
                .contains("<testcase name=\"xray\"").contains("<testcase name=\"logs\"")
                .doesNotContain(rejected).doesNotContain(io.tracecheck.listen.aws.AcceptedCredentials.LOCAL.secretAccessKey());
    }

    @Test
    void warningsFailOnlyUnderStrict() throws Exception {
        Path junit = home.resolve("strict.xml");
        TestCli cli = TestCli.in(home).env(Fixtures.localBackends(listen.backends())).without("OTEL_SERVICE_NAME");
        cli.run("doctor", "--create", "--only", "honeycomb", "--junit", junit.toString());
        assertValid(junit);
        assertThat(Files.readString(junit)).contains("failures=\"0\"").contains("honeycomb.service-name-missing");
        assertThat(cli.run("doctor", "--create", "--only", "honeycomb", "--strict", "--junit", junit.toString()).exitCode())
                .isEqualTo(1);
        assertValid(junit);
        assertThat(Files.readString(junit)).contains("<failure message=\"honeycomb.service-name-missing:");
    }

    @Test
    void anUnwritableFileIsAUsageError() {
        TestCli.Result result = TestCli.in(home).env(Fixtures.localBackends(listen.backends()))
                .run("doctor", "--create", "--junit", home.resolve("no/such/dir/x.xml").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--junit").contains("cannot be written");
    }
}
