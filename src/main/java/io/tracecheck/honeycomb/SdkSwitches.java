package io.tracecheck.honeycomb;

import io.tracecheck.core.ConfigReview;
import io.tracecheck.core.EditDistance;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Setting;
import io.tracecheck.core.Severity;
import io.tracecheck.core.ValueRules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_PROTOCOL;
import static io.tracecheck.core.KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL;
import static io.tracecheck.core.KnownVariable.OTEL_PROPAGATORS;
import static io.tracecheck.core.KnownVariable.OTEL_SDK_DISABLED;
import static io.tracecheck.core.KnownVariable.OTEL_TRACES_EXPORTER;
import static io.tracecheck.core.KnownVariable.OTEL_TRACES_SAMPLER;
import static io.tracecheck.core.KnownVariable.OTEL_TRACES_SAMPLER_ARG;

/**
 * The OpenTelemetry SDK's switches that decide whether the app exports, samples and joins anything at
 * all, read as the SDKs read them (the SDK environment variable specification, and where the Java
 * and Python SDKs part from it, the stricter one): a probe that reaches the backend proves nothing
 * when the app's own SDK is off, exports to the console or samples every trace out.
 */
final class SdkSwitches {
    /** Exporter names the Java, Python and Node SDKs know; Python's own two name the OTLP transport. */
    private static final List<String> EXPORTERS = List.of("otlp", "otlp_proto_http", "otlp_proto_grpc", "console",
            "logging", "logging-otlp", "zipkin", "zipkin_json", "zipkin_proto", "none");
    private static final List<String> SAMPLERS = List.of("always_on", "always_off", "traceidratio", "parentbased_always_on",
            "parentbased_always_off", "parentbased_traceidratio", "jaeger_remote", "parentbased_jaeger_remote", "xray");
    private static final List<String> PROPAGATORS = List.of("tracecontext", "baggage", "b3", "b3multi", "jaeger", "xray",
            "xray-lambda", "ottrace", "none");
    /** Below this share of traces a single test request is more likely dropped than kept. */
    private static final double LOW_RATIO = 0.5;

    private SdkSwitches() {
    }

    static void review(ConfigReview review) {
        sdkDisabled(review);
        exporters(review);
        sampler(review);
        propagators(review);
    }

    private static void sdkDisabled(ConfigReview review) {
        Optional<Setting> setting = ValueRules.shape(review, OTEL_SDK_DISABLED);
        if (setting.isEmpty()) {
            return;
        }
        String value = setting.get().cleanText();
        if (value.equalsIgnoreCase("true")) {
            review.problem(OTEL_SDK_DISABLED, ProblemCode.OTEL_SDK_DISABLED,
                    "OTEL_SDK_DISABLED=true: the app's OpenTelemetry SDK is a no-op and exports nothing",
                    review.fixes().unset(OTEL_SDK_DISABLED.name()) + "  # then restart the app");
        } else if (!value.equalsIgnoreCase("false")) {
            review.problem(OTEL_SDK_DISABLED, Problem.warn(ProblemCode.CONFIG_MALFORMED,
                    "OTEL_SDK_DISABLED is '" + value + "': only true or false are read (anything else means false)",
                    review.fixes().unset(OTEL_SDK_DISABLED.name())));
        }
    }

    private static void exporters(ConfigReview review) {
        Optional<List<String>> names = list(review, OTEL_TRACES_EXPORTER);
        if (names.isEmpty()) {
            return;
        }
        String fix = review.fixes().set(OTEL_TRACES_EXPORTER.name(), "otlp") + "  # then restart the app";
        for (String name : names.get()) {
            if (!EXPORTERS.contains(name)) {
                review.problem(OTEL_TRACES_EXPORTER, ProblemCode.OTEL_EXPORTER_OFF, "OTEL_TRACES_EXPORTER names '" + name
                        + "', an exporter no SDK knows" + suggestion(name, EXPORTERS)
                        + ": the Java agent refuses to start, Python's SDK raises at startup", fix);
                return;
            }
        }
        if (names.get().stream().noneMatch(n -> n.startsWith("otlp"))) {
            String where = names.get().equals(List.of("none")) ? "the app exports no spans at all"
                    : "spans go to " + String.join(" and ", names.get()) + " only, not to an OTLP endpoint";
            review.problem(OTEL_TRACES_EXPORTER, ProblemCode.OTEL_EXPORTER_OFF,
                    "OTEL_TRACES_EXPORTER is '" + String.join(",", names.get()) + "': " + where, fix);
            return;
        }
        String protocol = review.settings().text(OTEL_EXPORTER_OTLP_TRACES_PROTOCOL)
                .or(() -> review.settings().text(OTEL_EXPORTER_OTLP_PROTOCOL)).orElse("http/protobuf");
        boolean grpc = protocol.equals("grpc");
        if (names.get().contains(grpc ? "otlp_proto_http" : "otlp_proto_grpc")) {
            String forced = grpc ? "otlp_proto_http" : "otlp_proto_grpc";
            review.problem(OTEL_TRACES_EXPORTER, new Problem(ProblemCode.CONFIG_CONFLICT, Severity.FAIL,
                    "OTEL_TRACES_EXPORTER=" + forced + " makes a Python app send " + (grpc ? "http/protobuf" : "gRPC")
                            + " whatever the protocol says (" + protocol + "), so the app and tracecheck use different transports",
                    review.fixes().set(OTEL_TRACES_EXPORTER.name(), grpc ? "otlp_proto_grpc" : "otlp_proto_http")));
        }
    }

    private static void sampler(ConfigReview review) {
        Optional<Setting> found = ValueRules.shape(review, OTEL_TRACES_SAMPLER);
        if (found.isEmpty()) {
            return;
        }
        String sampler = found.get().cleanText().toLowerCase(Locale.ROOT);
        String fix = review.fixes().set(OTEL_TRACES_SAMPLER.name(), "parentbased_always_on") + "  # then restart the app";
        if (!SAMPLERS.contains(sampler)) {
            review.problem(OTEL_TRACES_SAMPLER, Problem.of(ProblemCode.CONFIG_MALFORMED, "OTEL_TRACES_SAMPLER is '"
                    + sampler + "', a sampler no SDK knows" + suggestion(sampler, SAMPLERS)
                    + ": the Java agent refuses to start, Python's SDK falls back to parentbased_always_on", fix));
        } else if (sampler.endsWith("always_off")) {
            review.problem(OTEL_TRACES_SAMPLER, ProblemCode.OTEL_SAMPLED_OUT, "OTEL_TRACES_SAMPLER=" + sampler
                    + ": the app " + (sampler.startsWith("parentbased") ? "starts no sampled trace of its own (it records "
                    + "only requests whose caller sampled them)" : "samples every trace out") + ", so it exports nothing", fix);
        } else if (sampler.endsWith("traceidratio")) {
            ratio(review, sampler, fix);
        } else if (sampler.contains("jaeger_remote") || sampler.equals("xray")) {
            review.note(OTEL_TRACES_SAMPLER, sampler + ": a remote service decides what is sampled");
        }
    }

    private static void ratio(ConfigReview review, String sampler, String fix) {
        Optional<String> arg = ValueRules.shape(review, OTEL_TRACES_SAMPLER_ARG).map(Setting::cleanText);
        double ratio;
        try {
            ratio = arg.map(Double::parseDouble).orElse(1.0);
        } catch (NumberFormatException e) {
            ratio = Double.NaN;
        }
        if (!(ratio >= 0 && ratio <= 1)) {
            review.problem(OTEL_TRACES_SAMPLER_ARG, Problem.of(ProblemCode.CONFIG_MALFORMED, "OTEL_TRACES_SAMPLER_ARG is '"
                    + arg.orElse("") + "', not a ratio between 0 and 1: the Java agent refuses to start, Python's SDK uses 1.0",
                    review.fixes().set(OTEL_TRACES_SAMPLER_ARG.name(), "1.0")));
        } else if (ratio == 0) {
            review.problem(OTEL_TRACES_SAMPLER_ARG, ProblemCode.OTEL_SAMPLED_OUT, "OTEL_TRACES_SAMPLER=" + sampler
                    + " with OTEL_TRACES_SAMPLER_ARG=" + arg.orElse("") + " keeps no trace: the app exports nothing", fix);
        } else if (ratio < LOW_RATIO) {
            review.problem(OTEL_TRACES_SAMPLER_ARG, Problem.warn(ProblemCode.OTEL_SAMPLED_OUT, "OTEL_TRACES_SAMPLER=" + sampler
                    + " keeps about " + percent(ratio) + " of traces: the one request you make to test is likely dropped",
                    review.fixes().set(OTEL_TRACES_SAMPLER_ARG.name(), "1.0") + "  # while you test; then restart the app"));
        } else if (ratio < 1) {
            review.note(OTEL_TRACES_SAMPLER_ARG, "keeps about " + percent(ratio) + " of traces");
        }
    }

    private static void propagators(ConfigReview review) {
        Optional<List<String>> names = list(review, OTEL_PROPAGATORS);
        if (names.isEmpty()) {
            return;
        }
        String fix = review.fixes().set(OTEL_PROPAGATORS.name(), "tracecontext,baggage" + (names.get().contains("xray")
                ? ",xray" : ""));
        for (String name : names.get()) {
            if (!PROPAGATORS.contains(name)) {
                review.problem(OTEL_PROPAGATORS, new Problem(ProblemCode.OTEL_PROPAGATORS, Severity.FAIL, "OTEL_PROPAGATORS names '" + name
                        + "', a propagator no SDK knows" + suggestion(name, PROPAGATORS)
                        + ": the Java agent refuses to start, Python's SDK raises at import", fix));
                return;
            }
        }
        if (names.get().contains("none")) {
            review.problem(OTEL_PROPAGATORS, ProblemCode.OTEL_PROPAGATORS, "OTEL_PROPAGATORS=none: the app joins no "
                    + "incoming trace and passes none on, so every service starts its own trace", fix);
        } else if (!names.get().contains("tracecontext")) {
            review.problem(OTEL_PROPAGATORS, ProblemCode.OTEL_PROPAGATORS, "OTEL_PROPAGATORS is '"
                    + String.join(",", names.get()) + "' without tracecontext: the app ignores the W3C traceparent that "
                    + "browsers and other OpenTelemetry services send, so their requests make separate traces", fix);
        }
    }

    /** A comma-separated list as the SDKs split it: trimmed, lower case, empty entries dropped. */
    private static Optional<List<String>> list(ConfigReview review, KnownVariable variable) {
        Optional<Setting> setting = ValueRules.shape(review, variable);
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String name : setting.get().cleanText().split(",")) {
            if (!name.strip().isEmpty()) {
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(names));
    }

    private static String suggestion(String name, List<String> known) {
        return known.stream().min(Comparator.comparingInt(k -> EditDistance.between(name, k)))
                .filter(k -> EditDistance.between(name, k) <= 2).map(k -> " (did you mean " + k + "?)").orElse("");
    }

    private static String percent(double ratio) {
        double p = ratio * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.2g", p)) + " %";
    }
}
