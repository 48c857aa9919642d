package io.tracecheck.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The catalogue of problem codes (stable ids, each with its cause, its usual fix and where to
 * read more). Codes are part of the public contract: never rename one.
 */
public enum ProblemCode {
    // Configuration
    CONFIG_MISSING("config.missing", Severity.FAIL,
            "A variable the backend needs is not set, in the process environment nor in --env-file.",
            "tracecheck env  # names each variable that is missing, with the command that sets it",
            Docs.TRACECHECK + "#configmissing"),
    CONFIG_PLACEHOLDER("config.placeholder", Severity.FAIL,
            "A value is an unexpanded placeholder (${VAR}, $VAR, <your-key>, changeme): the shell or the "
                    + "tool that wrote it never substituted the real value.",
            "tracecheck env  # names the variable holding the placeholder, with the command that asks for the real value and sets it",
            Docs.TRACECHECK + "#configplaceholder"),
    CONFIG_WHITESPACE("config.whitespace", Severity.FAIL,
            "A value has surrounding spaces, a line break or wrapping quotes, usually from copy-paste; "
                    + "the SDKs send them as part of the value.",
            "tracecheck env  # names the variable, with the command that sets it again without them",
            Docs.TRACECHECK + "#configwhitespace"),
    CONFIG_MALFORMED("config.malformed", Severity.FAIL,
            "A value does not parse: a URL, a region, a header list, a daemon address, a protocol or a duration.",
            "tracecheck env  # names the variable and the value to set, in the command that sets it",
            Docs.TRACECHECK + "#configmalformed"),
    CONFIG_CONFLICT("config.conflict", Severity.WARN,
            "Two settings disagree, so different SDKs (or the app and tracecheck) would use different values.",
            "tracecheck env  # names the two settings and the command that makes them agree",
            Docs.TRACECHECK + "#configconflict"),
    CONFIG_NOT_LOADED("config.not-loaded", Severity.WARN,
            "Variables persisted for the Gitpod workspace (gp env) are missing from this shell, or differ in it: "
                    + "gp env reaches only workspaces started afterwards, so an app started here does not get them.",
            "eval \"$(gp env -e)\"  # loads the variables persisted for the workspace into this shell",
            Docs.TRACECHECK + "#confignot-loaded"),

    // Propagation: one request, one trace
    PROPAGATION_CORS("propagation.cors", Severity.FAIL,
            "The backend's answer to the browser's preflight does not let the frontend's origin send traceparent and "
                    + "tracestate: no ok status, no Access-Control-Allow-Origin, another origin, or the headers missing from "
                    + "Access-Control-Allow-Headers. The browser then blocks the request (or its instrumentation stops adding them).",
            "grep -rln 'Flask(__name__)' --include='*.py' .  # the module that creates the app; there add from flask_cors "
                    + "import CORS; CORS(app, origins=[\"http://localhost:3000\"], allow_headers=[\"Content-Type\", "
                    + "\"traceparent\", \"tracestate\"], expose_headers=[\"traceparent\"])",
            Docs.TRACECHECK + "#propagationcors"),
    PROPAGATION_PRIVATE_PORT("propagation.private-port", Severity.FAIL,
            "A private Gitpod port answers only its owner's logged-in browser tab: a preflight (which carries no cookies) "
                    + "gets Gitpod's login redirect or 401 instead of the backend.",
            "gp ports visibility 4567:public  # with the backend's port",
            Docs.TRACECHECK + "#propagationprivate-port"),
    PROPAGATION_FRONTEND_URLS("propagation.frontend-urls", Severity.WARN,
            "The browser's OpenTelemetry fetch/XHR instrumentation adds traceparent only to same-origin requests unless "
                    + "propagateTraceHeaderCorsUrls matches the backend's URL; the frontend (port 3000) and backend (4567) "
                    + "are different origins.",
            "grep -rln FetchInstrumentation --include='*.[jt]s*' --exclude-dir=node_modules .  # the file to edit; there "
                    + "give FetchInstrumentation and XMLHttpRequestInstrumentation propagateTraceHeaderCorsUrls: "
                    + "[/^http:\\/\\/localhost:4567/]",
            Docs.TRACECHECK + "#propagationfrontend-urls"),
    PROPAGATION_NOT_JOINED("propagation.not-joined", Severity.FAIL,
            "The backend recorded the request in a trace of its own instead of the one the request carried: it does "
                    + "not extract incoming context (instrumentation not wrapped around the app, OTEL_PROPAGATORS without "
                    + "tracecontext, an X-Ray-only propagator).",
            f -> f.set("OTEL_PROPAGATORS", "tracecontext,baggage") + "  # in the backend's environment; then restart it",
            Docs.TRACECHECK + "#propagationnot-joined"),
    PROPAGATION_NOTHING_ARRIVED("propagation.nothing-arrived", Severity.FAIL,
            "No span for the request reached the source: the backend is not instrumented, does not export there, or a "
                    + "sampler that ignores the parent dropped it.",
            "tracecheck doctor  # checks the export path the backend's environment sets up",
            Docs.TRACECHECK + "#propagationnothing-arrived"),

    // Network, any backend
    NET_DNS("net.dns", Severity.FAIL,
            "The endpoint's host name does not resolve from this shell.",
            "getent hosts api.honeycomb.io  # with the endpoint's host: nothing printed means this shell cannot resolve it: "
                    + "a typo in the URL, or no DNS here",
            Docs.TRACECHECK + "#netdns"),
    NET_COMPOSE_HOST("net.compose-host", Severity.FAIL,
            "The endpoint's host is a service name of the docker-compose project: it resolves only inside the compose "
                    + "network, so the value is right for the app's container and unreachable from this shell.",
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 tracecheck honeycomb  # checks through the port the "
                    + "service publishes on this machine; the problem names that port, or the edit that publishes it",
            Docs.TRACECHECK + "#netcompose-host"),
    NET_REFUSED("net.refused", Severity.FAIL,
            "Nothing listens on the endpoint's host and port.",
            "tracecheck listen  # receives OTLP on 127.0.0.1:4318 and :4317 as a collector would; the problem names the "
                    + "compose service to start, or the variable to correct, when those are the cause",
            Docs.TRACECHECK + "#netrefused"),
    NET_CLOSED("net.closed", Severity.FAIL,
            "Something accepted the connection and closed it without an answer: a TLS port called over plain HTTP or the "
                    + "reverse, a proxy that drops the call, or a server that is not the service (nor an OTLP receiver).",
            "curl -sv --max-time 5 http://127.0.0.1:4318/v1/traces  # with the endpoint's URL: \"Empty reply from server\" "
                    + "or a reset shows where it closes; the problem names the URL and the other scheme to try",
            Docs.TRACECHECK + "#netclosed"),
    NET_TIMEOUT("net.timeout", Severity.FAIL,
            "The endpoint did not answer before the check's deadline: --timeout for the whole check (its calls "
                    + "share it), --verify-timeout for a read-back.",
            "tracecheck doctor --timeout 30s  # a slow path gets more time; still cut off: the problem's curl command shows "
                    + "where it hangs, a firewall or a missing HTTPS_PROXY",
            Docs.TRACECHECK + "#nettimeout"),
    NET_TLS("net.tls", Severity.FAIL,
            "The TLS handshake failed: an https URL to a plain-HTTP port, a proxy intercepting TLS, or an untrusted certificate.",
            f -> f.set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318") + "  # a local collector speaks plain HTTP; "
                    + "for an untrusted certificate the problem gives the openssl command that names its issuer",
            Docs.TRACECHECK + "#nettls"),
    HTTP_SERVER_ERROR("http.server-error", Severity.FAIL,
            "The server answered 5xx: an outage or a broken proxy in between.",
            "Nothing to set: the service or a proxy failed; run again later, and look at the service's status page.",
            Docs.TRACECHECK + "#httpserver-error"),
    HTTP_RATE_LIMITED("http.rate-limited", Severity.FAIL,
            "The server answered 429: too many requests for this key or account.",
            "sleep 60 && tracecheck doctor  # the problem waits as long as the server's Retry-After asks, and runs the "
                    + "check that was throttled; throttled in the app too: lower its send rate or sampling",
            Docs.TRACECHECK + "#httprate-limited"),
    HTTP_UNEXPECTED("http.unexpected", Severity.FAIL,
            "The server answered with a status or body this backend never sends; often a proxy or a wrong URL.",
            "tracecheck env  # shows the URL each check uses: an answer that is not the service's comes from a proxy or a "
                    + "wrong URL",
            Docs.TRACECHECK + "#httpunexpected"),

    // Honeycomb
    HONEYCOMB_KEY_REJECTED("honeycomb.key-rejected", Severity.FAIL,
            "Honeycomb answered 401: the API key is unknown, deleted or disabled.",
            f -> f.prompt("HONEYCOMB_API_KEY") + "  # paste the key again: Honeycomb > Environment settings > API Keys",
            Docs.HONEYCOMB_KEYS),
    HONEYCOMB_KEY_WRONG_REGION("honeycomb.key-wrong-region", Severity.FAIL,
            "The key belongs to the other Honeycomb region (US api.honeycomb.io, EU api.eu1.honeycomb.io).",
            f -> f.set(java.util.Map.of("HONEYCOMB_API_ENDPOINT", "https://api.eu1.honeycomb.io")) + "  # a key "
                    + "of the EU region; the problem names the endpoint the key belongs to, for the OTLP endpoint too",
            Docs.HONEYCOMB_ENDPOINTS),
    HONEYCOMB_KEY_PERMISSION("honeycomb.key-permission", Severity.FAIL,
            "The key lacks a permission the app needs (\"Send Events\" to ingest, \"Run Queries\" to read back), "
                    + "or is a management key, which cannot send events at all.",
            f -> f.prompt("HONEYCOMB_API_KEY") + "  # paste an Ingest key to send; a Configuration key with "
                    + "\"Run Queries\" to read back",
            Docs.HONEYCOMB_KEYS),
    HONEYCOMB_DATASET_MISSING("honeycomb.dataset-missing", Severity.FAIL,
            "A Honeycomb Classic key needs a dataset name; without one, OTLP data is rejected.",
            f -> f.prompt("HONEYCOMB_DATASET") + "  # type the Classic dataset's name",
            Docs.HONEYCOMB_OTEL),
    HONEYCOMB_DATASET_IGNORED("honeycomb.dataset-ignored", Severity.WARN,
            "With an environment key, Honeycomb names the dataset after service.name and ignores the dataset setting.",
            f -> f.unset("HONEYCOMB_DATASET") + "  # an environment key names the dataset after OTEL_SERVICE_NAME",
            Docs.HONEYCOMB_OTEL),
    HONEYCOMB_SERVICE_NAME_MISSING("honeycomb.service-name-missing", Severity.WARN,
            "No service name is set, so traces land in the dataset unknown_service.",
            f -> f.prompt("OTEL_SERVICE_NAME") + "  # type the app's name: it names the dataset too",
            Docs.HONEYCOMB_OTEL),
    HONEYCOMB_ENDPOINT_PATH("honeycomb.endpoint-path", Severity.FAIL,
            "The OTLP URL has /v1/traces doubled or missing: OTEL_EXPORTER_OTLP_ENDPOINT is a base URL that SDKs "
                    + "extend with /v1/traces, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is.",
            f -> f.set("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io") + "  # the base URL: SDKs "
                    + "append /v1/traces",
            Docs.OTEL_EXPORTER),
    HONEYCOMB_ENDPOINT_UNSET("honeycomb.endpoint-unset", Severity.WARN,
            "HONEYCOMB_API_KEY is set but no OTLP endpoint is: a plain OpenTelemetry SDK then exports to "
                    + "http://localhost:4318/v1/traces (http/protobuf) or http://localhost:4317 (grpc) without an "
                    + "x-honeycomb-team header. Only Honeycomb's own distributions read HONEYCOMB_API_KEY.",
            fixes -> fixes.set(java.util.Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io"),
                    java.util.Map.of("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=$HONEYCOMB_API_KEY")),
            Docs.OTEL_SDK_ENV),
    HONEYCOMB_PROTOCOL_MISMATCH("honeycomb.protocol-mismatch", Severity.FAIL,
            "The endpoint's port speaks the other OTLP transport, as its answer showed: gRPC (HTTP/2, usually port 4317) "
                    + "where the exporter sends http/protobuf or http/json (HTTP/1.1, usually port 4318), or the reverse.",
            "export OTEL_EXPORTER_OTLP_PROTOCOL=grpc  # for a port that speaks HTTP/2 (4317); =http/protobuf for one that "
                    + "speaks HTTP/1.1 (4318), or point the endpoint at the port of the protocol the app uses",
            Docs.OTEL_SDK_ENV),
    OTEL_SDK_DISABLED("otel.sdk-disabled", Severity.FAIL,
            "OTEL_SDK_DISABLED=true turns every OpenTelemetry SDK that reads the environment into a no-op: the app "
                    + "creates no spans and exports nothing, whatever the endpoint (tracecheck's own probe still gets through).",
            f -> f.unset("OTEL_SDK_DISABLED") + "  # then restart the app",
            Docs.OTEL_SDK_CONFIG),
    OTEL_EXPORTER_OFF("otel.exporter-off", Severity.FAIL,
            "OTEL_TRACES_EXPORTER does not include otlp: with none the SDK exports no spans, with console or logging it "
                    + "prints them to the app's output only, and a name the SDK does not know stops the Java agent from starting.",
            f -> f.set("OTEL_TRACES_EXPORTER", "otlp") + "  # then restart the app",
            Docs.OTEL_SDK_CONFIG),
    OTEL_SAMPLED_OUT("otel.sampled-out", Severity.FAIL,
            "OTEL_TRACES_SAMPLER keeps no trace (always_off, parentbased_always_off, a ratio of 0) or only a small share, "
                    + "so the request you just made is likely not exported.",
            f -> f.set("OTEL_TRACES_SAMPLER", "parentbased_always_on") + "  # then restart the app",
            Docs.OTEL_SDK_CONFIG),
    OTEL_PROPAGATORS("otel.propagators", Severity.WARN,
            "OTEL_PROPAGATORS decides which incoming trace headers the app joins: without tracecontext it ignores the "
                    + "W3C traceparent browsers and other services send, so one request makes separate traces; a name the "
                    + "SDK does not know stops it from starting (Java) or raises at import (Python).",
            f -> f.set("OTEL_PROPAGATORS", "tracecontext,baggage") + "  # add xray after them when X-Ray SDK services call this one",
            Docs.OTEL_SDK_CONFIG),
    HONEYCOMB_PARTIAL_SUCCESS("honeycomb.partial-success", Severity.FAIL,
            "The OTLP endpoint answered 200 but rejected some spans (partial_success.rejected_spans > 0).",
            "Nothing to set: the server refused some spans for the reason in its message (an attribute or span "
                    + "too large, a timestamp out of range); change what the app sends.",
            Docs.OTEL_PROTOCOL),
    HONEYCOMB_QUERIES_UNAVAILABLE("honeycomb.queries-unavailable", Severity.WARN,
            "The key cannot run queries (no \"Run Queries\" permission, or a plan without the Query Data API), so the probe cannot be read back.",
            f -> f.prompt("HONEYCOMB_API_KEY") + "  # paste a Configuration key with \"Run Queries\"",
            Docs.HONEYCOMB_QUERY_API),
    HONEYCOMB_NOT_FOUND("honeycomb.not-found", Severity.FAIL,
            "The probe trace was sent but could not be read back before --verify-timeout.",
            "tracecheck honeycomb --verify --verify-timeout 2m  # ingestion can lag; still missing: the key's "
                    + "environment, or the dataset named after service.name, is not the one read",
            Docs.HONEYCOMB_QUERY_API),

    // AWS
    AWS_CREDENTIALS_MISSING("aws.credentials-missing", Severity.FAIL,
            "No provider in the AWS SDK's default chain supplied credentials.",
            f -> f.awsCredentials(false),
            Docs.AWS_CREDENTIALS),
    AWS_CREDENTIALS_INVALID("aws.credentials-invalid", Severity.FAIL,
            "AWS does not know the access key id (InvalidClientTokenId / UnrecognizedClientException).",
            f -> f.awsCredentials(false),
            Docs.AWS_CREDENTIALS),
    AWS_CREDENTIALS_EXPIRED("aws.credentials-expired", Severity.FAIL,
            "The temporary credentials (session token) have expired.",
            "aws sso login  # for an SSO profile; temporary keys from elsewhere: get new ones where they came from",
            Docs.AWS_CREDENTIALS),
    AWS_SIGNATURE_MISMATCH("aws.signature-mismatch", Severity.FAIL,
            "The request signature does not match: the secret access key does not belong to the access key id.",
            f -> f.prompt("AWS_SECRET_ACCESS_KEY") + "  # paste the secret created with this access key id",
            Docs.AWS_TROUBLESHOOT),
    AWS_CLOCK_SKEW("aws.clock-skew", Severity.FAIL,
            "This machine's clock differs from AWS's by more than 5 minutes, so signatures are refused.",
            "Nothing tracecheck can set: synchronise this machine's clock (NTP); in a container, the host's, then "
                    + "restart the container.",
            Docs.AWS_TROUBLESHOOT),
    AWS_ACCESS_DENIED("aws.access-denied", Severity.FAIL,
            "The credentials are valid but an IAM policy does not allow the action.",
            "aws iam list-attached-user-policies --user-name \"$(aws sts get-caller-identity --query Arn --output text "
                    + "| cut -d/ -f2)\"  # the problem names the action; a policy allowing it: AWSXrayWriteOnlyAccess, or "
                    + "logs:PutLogEvents",
            Docs.AWS_IAM),
    AWS_REGION_MISSING("aws.region-missing", Severity.FAIL,
            "No region is configured: not in AWS_REGION, AWS_DEFAULT_REGION nor the profile.",
            Fixes::regionPrompt,
            Docs.AWS_REGION),
    AWS_REGION_INVALID("aws.region-invalid", Severity.FAIL,
            "The region is not a known AWS region.",
            "tracecheck env --only aws  # names the region code closest to the one set, and the command that sets it "
                    + "in both region variables",
            Docs.AWS_REGION),

    // X-Ray
    XRAY_DAEMON_UNREACHABLE("xray.daemon-unreachable", Severity.FAIL,
            "Nothing listens on the X-Ray daemon's UDP address.",
            "docker run -d --name xray-daemon -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY "
                    + "-e AWS_SESSION_TOKEN -v \"$HOME/.aws:/root/.aws:ro\" -p 127.0.0.1:2000:2000/udp amazon/aws-xray-daemon -o",
            Docs.XRAY_DAEMON),
    XRAY_DAEMON_UNCONFIRMED("xray.daemon-unconfirmed", Severity.WARN,
            "The segment went to the daemon over UDP, which never acknowledges; without --verify nothing shows it arrived.",
            "tracecheck xray --verify  # reads the trace back from X-Ray",
            Docs.XRAY_DAEMON),
    XRAY_SEGMENT_REJECTED("xray.segment-rejected", Severity.FAIL,
            "X-Ray returned the segment in UnprocessedTraceSegments.",
            "Nothing to set: the error code says why X-Ray refused the segment (an invalid trace id, a timestamp out "
                    + "of range, a segment too large).",
            Docs.XRAY_SEGMENTS),
    XRAY_GROUP_MISSING("xray.group-missing", Severity.FAIL,
            "The X-Ray group does not exist.",
            "aws xray get-groups  # lists the groups of the region; the problem gives the create-group command",
            Docs.XRAY_GROUPS),
    XRAY_GROUP_FILTER_MISMATCH("xray.group-filter-mismatch", Severity.WARN,
            "The group's filter expression would not match traces of this service, so the group will not show them.",
            "aws xray get-groups  # shows each group's filter expression; the problem gives the update-group command",
            Docs.XRAY_GROUPS),
    XRAY_TRACE_NOT_FOUND("xray.trace-not-found", Severity.FAIL,
            "The probe trace was sent but BatchGetTraces did not return it before --verify-timeout.",
            "tracecheck xray --verify --verify-timeout 2m  # X-Ray can take a minute; still missing: the daemon's log "
                    + "shows upload errors, or the region or account differs",
            Docs.XRAY_SEGMENTS),
    XRAY_SAMPLING_ZERO("xray.sampling-zero", Severity.WARN,
            "The sampling rule that applies to the service has a fixed rate of 0 and no reservoir: the SDK records no traces.",
            "aws xray get-sampling-rules  # the problem names the rule and gives the update-sampling-rule command",
            Docs.XRAY_SAMPLING),
    XRAY_TRANSACTION_SEARCH("xray.transaction-search", Severity.WARN,
            "Transaction Search is on: spans go to CloudWatch Logs (aws/spans), and BatchGetTraces shows only the traces "
                    + "it indexed (1 % by default), so a trace it does not return may still have arrived.",
            "aws xray get-trace-segment-destination  # CloudWatchLogs: read the spans in CloudWatch Transaction Search, "
                    + "or the aws/spans log group",
            Docs.XRAY_TRANSACTION_SEARCH),

    XRAY_TRANSACTION_SEARCH_OFF("xray.transaction-search-off", Severity.FAIL,
            "The OTLP traces endpoint (xray.REGION.amazonaws.com/v1/traces) takes spans only with Transaction Search on: "
                    + "GetTraceSegmentDestination must answer CloudWatchLogs, ACTIVE.",
            "aws xray update-trace-segment-destination --destination CloudWatchLogs  # after the CloudWatch Logs resource "
                    + "policy that lets X-Ray write to aws/spans: the problem gives both commands, for this account and region",
            Docs.XRAY_TRANSACTION_SEARCH_ENABLE),
    XRAY_SPANS_REJECTED("xray.spans-rejected", Severity.FAIL,
            "The OTLP traces endpoint answered 200 but rejected spans of the probe (an OTLP partial success).",
            "Nothing to set: the rejection's message says why the endpoint refused the spans (a span too large, "
                    + "timestamps out of range, an attribute it does not take).",
            Docs.XRAY_OTLP),
    XRAY_SPANS_NOT_FOUND("xray.spans-not-found", Severity.FAIL,
            "The probe trace was accepted by the OTLP traces endpoint but its spans did not appear in the log group "
                    + "aws/spans before --verify-timeout.",
            "tracecheck xray --via otlp --verify --verify-timeout 2m  # Transaction Search can take a minute; still missing: "
                    + "the account or region differs, or Transaction Search was switched off meanwhile",
            Docs.XRAY_OTLP),
    XRAY_MIGRATION("xray.migration", Severity.INFO,
            "Informational: which path the app sends traces by (X-Ray SDK and daemon, the X-Ray API, or OTLP) and what "
                    + "the OTLP path needs. The X-Ray SDKs and daemon are in maintenance since 2026-02-25 and reach end of "
                    + "support on 2027-02-25; AWS recommends OpenTelemetry sending OTLP/HTTP, signed with SigV4, to "
                    + "https://xray.REGION.amazonaws.com/v1/traces, which needs Transaction Search (spans in the log group "
                    + "aws/spans; 1 % of them indexed as X-Ray traces by default), the IAM action xray:PutSpans, and an "
                    + "OpenTelemetry SDK with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf "
                    + "and a SigV4-signing exporter, or a collector or CloudWatch agent in between that signs. Never changes "
                    + "the exit code, not even with --strict.",
            "tracecheck xray --via otlp --verify  # sends a probe by the OTLP path and reads it back from aws/spans; the "
                    + "report names what the account still lacks",
            Docs.XRAY_OTLP),

    // CloudWatch Logs
    LOGS_GROUP_MISSING("logs.group-missing", Severity.FAIL,
            "The log group does not exist.",
            "tracecheck logs --create  # creates the group and the stream",
            Docs.LOGS_PUT),
    LOGS_STREAM_MISSING("logs.stream-missing", Severity.FAIL,
            "The log stream does not exist in the group.",
            "tracecheck logs --create  # creates the stream",
            Docs.LOGS_PUT),
    LOGS_EVENTS_REJECTED("logs.events-rejected", Severity.FAIL,
            "CloudWatch Logs rejected events (rejectedLogEventsInfo): too old (>14 days), too new (>2 h ahead) or past retention.",
            "Nothing to set: CloudWatch Logs takes events from the last 14 days to 2 hours ahead; check this machine's "
                    + "clock and the timestamps the app sends.",
            Docs.LOGS_PUT),
    LOGS_EVENT_NOT_FOUND("logs.event-not-found", Severity.FAIL,
            "The probe event was written but could not be read back before --verify-timeout.",
            "tracecheck logs --verify --verify-timeout 2m  # still missing: the region, group or stream read differs",
            Docs.LOGS_PUT),

    // Rollbar
    ROLLBAR_TOKEN_REJECTED("rollbar.token-rejected", Severity.FAIL,
            "Rollbar does not accept the access token (unknown, disabled or of another project).",
            f -> f.prompt("ROLLBAR_ACCESS_TOKEN") + "  # paste the project's post_server_item token: Project settings "
                    + "> Project Access Tokens",
            Docs.ROLLBAR_TOKENS),
    ROLLBAR_TOKEN_SCOPE("rollbar.token-scope", Severity.FAIL,
            "The token lacks the needed scope: a post_client_item token (meant for browsers) cannot post server items.",
            f -> f.prompt("ROLLBAR_ACCESS_TOKEN") + "  # paste the project's post_server_item token: a backend app "
                    + "posts server items",
            Docs.ROLLBAR_TOKENS),
    ROLLBAR_PAYLOAD_REJECTED("rollbar.payload-rejected", Severity.FAIL,
            "Rollbar answered 422: the item payload is invalid.",
            "Nothing to set: Rollbar's message says which field of the item it refused.",
            Docs.ROLLBAR_ITEM_API),
    ROLLBAR_ITEM_NOT_FOUND("rollbar.item-not-found", Severity.FAIL,
            "The item was accepted but could not be read back before --verify-timeout.",
            "tracecheck rollbar --verify --verify-timeout 2m  # still missing: ROLLBAR_READ_TOKEN belongs to another project",
            Docs.ROLLBAR_ITEM_API),

    // tracecheck itself
    INTERNAL_ERROR("internal.error", Severity.FAIL,
            "tracecheck itself failed while running this check.",
            "Nothing in your setup: add --verbose to the same command to print the stack trace, and report it.",
            Docs.TRACECHECK + "#internalerror");

    private final String id;
    private final Severity severity;
    private final String cause;
    private final Function<Fixes, String> fix;
    private final String docs;

    ProblemCode(String id, Severity severity, String cause, String fix, String docs) {
        this(id, severity, cause, fixes -> fix, docs);
    }

    /** A code whose usual fix sets a variable: it takes the form {@link Fixes} gives where the user is. */
    ProblemCode(String id, Severity severity, String cause, Function<Fixes, String> fix, String docs) {
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

    /** The usual fix, as a plain shell takes it (what explain prints, and a problem without a fix of its own gets). */
    public String fix() {
        return fix.apply(PlainShell.FIXES);
    }

    /** The usual fix in the form these fixes give (Gitpod's gp env, a compose file's edit). */
    public String fix(Fixes fixes) {
        return fix.apply(fixes);
    }

    /** Fixes for a shell with nothing around it; a holder, since enum constants are built before static fields. */
    private static final class PlainShell {
        static final Fixes FIXES = new Fixes(Settings.of(java.util.Map.of()));
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
        static final String OTEL_SDK_ENV = "https://opentelemetry.io/docs/specs/otel/protocol/exporter/#configuration-options";
        static final String OTEL_SDK_CONFIG = "https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/";
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
        static final String XRAY_TRANSACTION_SEARCH_ENABLE =
                "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Enable-TransactionSearch.html";
        static final String XRAY_OTLP = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-OTLPEndpoint.html";
        static final String LOGS_PUT = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html";
        static final String ROLLBAR_TOKENS = "https://docs.rollbar.com/docs/access-tokens";
        static final String ROLLBAR_ITEM_API = "https://docs.rollbar.com/reference/create-item";
    }
}
