package io.tracecheck.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of problem codes (stable ids, each with its cause, its usual fix and where to
 * read more). Codes are part of the public contract: never rename one.
 */
public enum ProblemCode {
    // Configuration
    CONFIG_MISSING("config.missing", Severity.FAIL,
            "A variable the backend needs is not set, in the process environment nor in --env-file.",
            "Set the variable where the app and tracecheck read it (export it, or add it to the env file).",
            Docs.TRACECHECK + "#configmissing"),
    CONFIG_PLACEHOLDER("config.placeholder", Severity.FAIL,
            "A value is an unexpanded placeholder (${VAR}, $VAR, <your-key>, changeme): the shell or the "
                    + "tool that wrote it never substituted the real value.",
            "Put the real value in the variable; in a .env or compose file, make sure ${VAR} is defined where it is expanded.",
            Docs.TRACECHECK + "#configplaceholder"),
    CONFIG_WHITESPACE("config.whitespace", Severity.FAIL,
            "A value has surrounding spaces, a line break or wrapping quotes, usually from copy-paste; "
                    + "the SDKs send them as part of the value.",
            "Set the variable again without the spaces, newline or quotes.",
            Docs.TRACECHECK + "#configwhitespace"),
    CONFIG_MALFORMED("config.malformed", Severity.FAIL,
            "A value does not parse: a URL, a region, a header list, a daemon address, a protocol or a duration.",
            "Correct the value to the documented form.",
            Docs.TRACECHECK + "#configmalformed"),
    CONFIG_CONFLICT("config.conflict", Severity.WARN,
            "Two settings disagree, so different SDKs (or the app and tracecheck) would use different values.",
            "Make the two settings agree, or unset the one you do not mean.",
            Docs.TRACECHECK + "#configconflict"),

    CONFIG_NOT_LOADED("config.not-loaded", Severity.WARN,
            "Variables persisted for the Gitpod workspace (gp env) are missing from this shell, or differ in it: "
                    + "gp env reaches only workspaces started afterwards, so an app started here does not get them.",
            "eval \"$(gp env -e)\"",
            Docs.TRACECHECK + "#confignot-loaded"),

    // Network, any backend
    NET_DNS("net.dns", Severity.FAIL,
            "The endpoint's host name does not resolve from this shell.",
            "getent hosts HOST, with the endpoint's host, prints nothing when it does not resolve: a typo in the URL, or no DNS here.",
            Docs.TRACECHECK + "#netdns"),
    NET_COMPOSE_HOST("net.compose-host", Severity.FAIL,
            "The endpoint's host is a service name of the docker-compose project: it resolves only inside the compose "
                    + "network, so the value is right for the app's container and unreachable from this shell.",
            "Check through the port the service publishes on 127.0.0.1 (e.g. OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 "
                    + "tracecheck honeycomb), or run the check in a container of the project (docker compose exec).",
            Docs.TRACECHECK + "#netcompose-host"),
    NET_REFUSED("net.refused", Severity.FAIL,
            "Nothing listens on the endpoint's host and port.",
            "Start the collector or backend, or point the endpoint at the right host and port.",
            Docs.TRACECHECK + "#netrefused"),
    NET_TIMEOUT("net.timeout", Severity.FAIL,
            "The endpoint did not answer within the deadline (--timeout).",
            "Check firewalls and proxies between here and the endpoint, or raise --timeout.",
            Docs.TRACECHECK + "#nettimeout"),
    NET_TLS("net.tls", Severity.FAIL,
            "The TLS handshake failed: an https URL to a plain-HTTP port, a proxy intercepting TLS, or an untrusted certificate.",
            "Use http:// for a local collector, https:// for the vendor's API; trust the proxy's CA if one intercepts TLS.",
            Docs.TRACECHECK + "#nettls"),
    HTTP_SERVER_ERROR("http.server-error", Severity.FAIL,
            "The server answered 5xx: an outage or a broken proxy in between.",
            "Retry later; check the vendor's status page.",
            Docs.TRACECHECK + "#httpserver-error"),
    HTTP_RATE_LIMITED("http.rate-limited", Severity.FAIL,
            "The server answered 429: too many requests for this key or account.",
            "Wait for the advertised retry time, then run again; lower the app's send rate if it persists.",
            Docs.TRACECHECK + "#httprate-limited"),
    HTTP_UNEXPECTED("http.unexpected", Severity.FAIL,
            "The server answered with a status or body this backend never sends; often a proxy or a wrong URL.",
            "Check that the endpoint URL points at the service itself.",
            Docs.TRACECHECK + "#httpunexpected"),

    // Honeycomb
    HONEYCOMB_KEY_REJECTED("honeycomb.key-rejected", Severity.FAIL,
            "Honeycomb answered 401: the API key is unknown, deleted or disabled.",
            "Copy the key again from Honeycomb (Environment settings > API Keys) into HONEYCOMB_API_KEY or the x-honeycomb-team header.",
            Docs.HONEYCOMB_KEYS),
    HONEYCOMB_KEY_WRONG_REGION("honeycomb.key-wrong-region", Severity.FAIL,
            "The key belongs to the other Honeycomb region (US api.honeycomb.io, EU api.eu1.honeycomb.io).",
            "Point HONEYCOMB_API_ENDPOINT and OTEL_EXPORTER_OTLP_ENDPOINT at the key's region.",
            Docs.HONEYCOMB_ENDPOINTS),
    HONEYCOMB_KEY_PERMISSION("honeycomb.key-permission", Severity.FAIL,
            "The key lacks a permission the app needs (\"Send Events\" to ingest, \"Run Queries\" to read back), "
                    + "or is a management key, which cannot send events at all.",
            "Use an Ingest key to send, and a Configuration key with \"Run Queries\" to query.",
            Docs.HONEYCOMB_KEYS),
    HONEYCOMB_DATASET_MISSING("honeycomb.dataset-missing", Severity.FAIL,
            "A Honeycomb Classic key needs a dataset name; without one, OTLP data is rejected.",
            "Set HONEYCOMB_DATASET, or add x-honeycomb-dataset=<name> to OTEL_EXPORTER_OTLP_HEADERS.",
            Docs.HONEYCOMB_OTEL),
    HONEYCOMB_DATASET_IGNORED("honeycomb.dataset-ignored", Severity.WARN,
            "With an environment key, Honeycomb names the dataset after service.name and ignores the dataset setting.",
            "Unset HONEYCOMB_DATASET (or the x-honeycomb-dataset header) and set OTEL_SERVICE_NAME to the dataset you want.",
            Docs.HONEYCOMB_OTEL),
    HONEYCOMB_SERVICE_NAME_MISSING("honeycomb.service-name-missing", Severity.WARN,
            "No service name is set, so traces land in the dataset unknown_service.",
            "Set OTEL_SERVICE_NAME to your app's name.",
            Docs.HONEYCOMB_OTEL),
    HONEYCOMB_ENDPOINT_PATH("honeycomb.endpoint-path", Severity.FAIL,
            "The OTLP URL has /v1/traces doubled or missing: OTEL_EXPORTER_OTLP_ENDPOINT is a base URL that SDKs "
                    + "extend with /v1/traces, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is.",
            "Give OTEL_EXPORTER_OTLP_ENDPOINT without /v1/traces, or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT with it.",
            Docs.OTEL_EXPORTER),
    HONEYCOMB_PARTIAL_SUCCESS("honeycomb.partial-success", Severity.FAIL,
            "The OTLP endpoint answered 200 but rejected some spans (partial_success.rejected_spans > 0).",
            "Read the server's message: usually an attribute or span too large, or a timestamp out of range.",
            Docs.OTEL_PROTOCOL),
    HONEYCOMB_QUERIES_UNAVAILABLE("honeycomb.queries-unavailable", Severity.WARN,
            "The key cannot run queries (no \"Run Queries\" permission, or a plan without the Query Data API), so the probe cannot be read back.",
            "Use a Configuration key with \"Run Queries\" for --verify and traces.",
            Docs.HONEYCOMB_QUERY_API),
    HONEYCOMB_NOT_FOUND("honeycomb.not-found", Severity.FAIL,
            "The probe trace was sent but could not be read back before --verify-timeout.",
            "Check the dataset (service.name) and environment the key belongs to; raise --verify-timeout if ingestion is slow.",
            Docs.HONEYCOMB_QUERY_API),

    // AWS
    AWS_CREDENTIALS_MISSING("aws.credentials-missing", Severity.FAIL,
            "No provider in the AWS SDK's default chain supplied credentials.",
            "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in ~/.aws/config.",
            Docs.AWS_CREDENTIALS),
    AWS_CREDENTIALS_INVALID("aws.credentials-invalid", Severity.FAIL,
            "AWS does not know the access key id (InvalidClientTokenId / UnrecognizedClientException).",
            "Create or copy a current access key; check that it belongs to the account you mean.",
            Docs.AWS_CREDENTIALS),
    AWS_CREDENTIALS_EXPIRED("aws.credentials-expired", Severity.FAIL,
            "The temporary credentials (session token) have expired.",
            "Refresh them: aws sso login, or get a new session token.",
            Docs.AWS_CREDENTIALS),
    AWS_SIGNATURE_MISMATCH("aws.signature-mismatch", Severity.FAIL,
            "The request signature does not match: the secret access key does not belong to the access key id.",
            "Set AWS_SECRET_ACCESS_KEY to the secret created with this access key id.",
            Docs.AWS_TROUBLESHOOT),
    AWS_CLOCK_SKEW("aws.clock-skew", Severity.FAIL,
            "This machine's clock differs from AWS's by more than 5 minutes, so signatures are refused.",
            "Synchronise the clock (NTP); in a container, restart it after the host's clock is fixed.",
            Docs.AWS_TROUBLESHOOT),
    AWS_ACCESS_DENIED("aws.access-denied", Severity.FAIL,
            "The credentials are valid but an IAM policy does not allow the action.",
            "Attach a policy allowing the named action (e.g. AWSXrayWriteOnlyAccess, or logs:PutLogEvents).",
            Docs.AWS_IAM),
    AWS_REGION_MISSING("aws.region-missing", Severity.FAIL,
            "No region is configured: not in AWS_REGION, AWS_DEFAULT_REGION nor the profile.",
            "export AWS_REGION=us-east-1 (your region).",
            Docs.AWS_REGION),
    AWS_REGION_INVALID("aws.region-invalid", Severity.FAIL,
            "The region is not a known AWS region.",
            "Use a region code such as us-east-1 or eu-west-1.",
            Docs.AWS_REGION),

    // X-Ray
    XRAY_DAEMON_UNREACHABLE("xray.daemon-unreachable", Severity.FAIL,
            "Nothing listens on the X-Ray daemon's UDP address.",
            "Start the X-Ray daemon (or the CloudWatch agent), or set AWS_XRAY_DAEMON_ADDRESS to where it runs.",
            Docs.XRAY_DAEMON),
    XRAY_DAEMON_UNCONFIRMED("xray.daemon-unconfirmed", Severity.WARN,
            "The segment went to the daemon over UDP, which never acknowledges; without --verify nothing shows it arrived.",
            "Run with --verify to read the trace back from X-Ray.",
            Docs.XRAY_DAEMON),
    XRAY_SEGMENT_REJECTED("xray.segment-rejected", Severity.FAIL,
            "X-Ray returned the segment in UnprocessedTraceSegments.",
            "Read the error code: usually an invalid trace id, a timestamp out of range, or a segment too large.",
            Docs.XRAY_SEGMENTS),
    XRAY_GROUP_MISSING("xray.group-missing", Severity.FAIL,
            "The X-Ray group does not exist.",
            "Create it: aws xray create-group --group-name NAME --filter-expression 'service(\"NAME\")'.",
            Docs.XRAY_GROUPS),
    XRAY_GROUP_FILTER_MISMATCH("xray.group-filter-mismatch", Severity.WARN,
            "The group's filter expression would not match traces of this service, so the group will not show them.",
            "Update the group's filter expression to include the service.",
            Docs.XRAY_GROUPS),
    XRAY_TRACE_NOT_FOUND("xray.trace-not-found", Severity.FAIL,
            "The probe trace was sent but BatchGetTraces did not return it before --verify-timeout.",
            "Check the region and account; raise --verify-timeout; check the daemon's own log for upload errors.",
            Docs.XRAY_SEGMENTS),
    XRAY_SAMPLING_ZERO("xray.sampling-zero", Severity.WARN,
            "The sampling rule that applies to the service has a fixed rate of 0 and no reservoir: the SDK records no traces.",
            "Raise the rule's fixed rate or reservoir (aws xray update-sampling-rule), or add a rule for the service.",
            Docs.XRAY_SAMPLING),
    XRAY_TRANSACTION_SEARCH("xray.transaction-search", Severity.WARN,
            "Transaction Search is on: spans go to CloudWatch Logs (aws/spans), where BatchGetTraces cannot see them.",
            "Read them in CloudWatch Transaction Search, or the aws/spans log group.",
            Docs.XRAY_TRANSACTION_SEARCH),

    // CloudWatch Logs
    LOGS_GROUP_MISSING("logs.group-missing", Severity.FAIL,
            "The log group does not exist.",
            "Create it: aws logs create-log-group --log-group-name NAME, or run tracecheck logs --create.",
            Docs.LOGS_PUT),
    LOGS_STREAM_MISSING("logs.stream-missing", Severity.FAIL,
            "The log stream does not exist in the group.",
            "Create it: aws logs create-log-stream --log-group-name GROUP --log-stream-name STREAM, or run tracecheck logs --create.",
            Docs.LOGS_PUT),
    LOGS_EVENTS_REJECTED("logs.events-rejected", Severity.FAIL,
            "CloudWatch Logs rejected events (rejectedLogEventsInfo): too old (>14 days), too new (>2 h ahead) or past retention.",
            "Check this machine's clock and the timestamps the app sends.",
            Docs.LOGS_PUT),
    LOGS_EVENT_NOT_FOUND("logs.event-not-found", Severity.FAIL,
            "The probe event was written but could not be read back before --verify-timeout.",
            "Check the region, group and stream; raise --verify-timeout.",
            Docs.LOGS_PUT),

    // Rollbar
    ROLLBAR_TOKEN_REJECTED("rollbar.token-rejected", Severity.FAIL,
            "Rollbar does not accept the access token (unknown, disabled or of another project).",
            "Copy the project's post_server_item token (Project settings > Project Access Tokens) into ROLLBAR_ACCESS_TOKEN.",
            Docs.ROLLBAR_TOKENS),
    ROLLBAR_TOKEN_SCOPE("rollbar.token-scope", Severity.FAIL,
            "The token lacks the needed scope: a post_client_item token (meant for browsers) cannot post server items.",
            "Use the project's post_server_item token for a backend app.",
            Docs.ROLLBAR_TOKENS),
    ROLLBAR_PAYLOAD_REJECTED("rollbar.payload-rejected", Severity.FAIL,
            "Rollbar answered 422: the item payload is invalid.",
            "Read Rollbar's message; usually a field of the wrong type or too large.",
            Docs.ROLLBAR_ITEM_API),
    ROLLBAR_ITEM_NOT_FOUND("rollbar.item-not-found", Severity.FAIL,
            "The item was accepted but could not be read back before --verify-timeout.",
            "Check that the read token belongs to the same project; raise --verify-timeout.",
            Docs.ROLLBAR_ITEM_API),

    // tracecheck itself
    INTERNAL_ERROR("internal.error", Severity.FAIL,
            "tracecheck itself failed while running this check.",
            "Run again with --verbose and report the stack trace.",
            Docs.TRACECHECK + "#internalerror");

    private final String id;
    private final Severity severity;
    private final String cause;
    private final String fix;
    private final String docs;

    ProblemCode(String id, Severity severity, String cause, String fix, String docs) {
        this.id = id;
        this.severity = severity;
        this.cause = cause;
        this.fix = fix;
        this.docs = docs;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String cause() {
        return cause;
    }

    public String fix() {
        return fix;
    }

    public String docs() {
        return docs;
    }

    public static Optional<ProblemCode> byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(wanted)).findFirst();
    }

    /** Known codes closest to a mistyped one: same suffix first, then by edit distance. */
    public static List<ProblemCode> nearest(String id, int max) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .sorted(Comparator.comparingInt((ProblemCode c) -> distance(c, wanted)))
                .filter(c -> distance(c, wanted) <= Math.max(3, wanted.length() / 2))
                .limit(max)
                .toList();
    }

    private static int distance(ProblemCode code, String wanted) {
        if (!wanted.isEmpty() && (code.id.endsWith("." + wanted) || code.id.contains(wanted))) {
            return 0;
        }
        String suffix = code.id.substring(code.id.indexOf('.') + 1);
        return Math.min(EditDistance.between(code.id, wanted), EditDistance.between(suffix, wanted) + 1);
    }

    private static final class Docs {
        static final String TRACECHECK = "docs/problems.md";
        static final String HONEYCOMB_KEYS = "https://docs.honeycomb.io/configure/environments/manage-api-keys/";
        static final String HONEYCOMB_ENDPOINTS = "https://docs.honeycomb.io/configure/environments/manage-api-keys/#find-api-keys";
        static final String HONEYCOMB_OTEL = "https://docs.honeycomb.io/send-data/opentelemetry/";
        static final String HONEYCOMB_QUERY_API = "https://docs.honeycomb.io/api/query-results/";
        static final String OTEL_EXPORTER = "https://opentelemetry.io/docs/specs/otel/protocol/exporter/";
        static final String OTEL_PROTOCOL = "https://opentelemetry.io/docs/specs/otlp/#partial-success";
        static final String AWS_CREDENTIALS = "https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html";
        static final String AWS_TROUBLESHOOT = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html";
        static final String AWS_IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html";
        static final String AWS_REGION = "https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html";
        static final String XRAY_DAEMON = "https://docs.aws.amazon.com/xray/latest/devguide/xray-daemon.html";
        static final String XRAY_SEGMENTS = "https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html";
        static final String XRAY_GROUPS = "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-groups.html";
        static final String XRAY_SAMPLING = "https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html";
        static final String XRAY_TRANSACTION_SEARCH = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Transaction-Search.html";
        static final String LOGS_PUT = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html";
        static final String ROLLBAR_TOKENS = "https://docs.rollbar.com/docs/access-tokens";
        static final String ROLLBAR_ITEM_API = "https://docs.rollbar.com/reference/create-item";
    }
}
