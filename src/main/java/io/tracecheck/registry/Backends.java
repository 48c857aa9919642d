package io.tracecheck.registry;

import io.tracecheck.aws.AwsConfig;
import io.tracecheck.aws.AwsService;
import io.tracecheck.core.BackendConfig;
import io.tracecheck.core.Check;
import io.tracecheck.core.ReadBack;
import io.tracecheck.core.Settings;
import io.tracecheck.core.SkippedCheck;
import io.tracecheck.cwlogs.LogsCheck;
import io.tracecheck.honeycomb.HoneycombCheck;
import io.tracecheck.honeycomb.HoneycombConfig;
import io.tracecheck.propagation.PropagationCheck;
import io.tracecheck.propagation.PropagationConfig;
import io.tracecheck.rollbar.RollbarCheck;
import io.tracecheck.rollbar.RollbarConfig;
import io.tracecheck.xray.XrayCheck;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The backend checks, in report order, one entry each: doctor's checks and skips, --only and
 * --skip, completion, and env's configuration reviews are all derived from {@link #ALL}. A new
 * check is one more entry.
 */
public final class Backends {
    /** The configuration reviews the checks belong to; X-Ray and CloudWatch Logs share the AWS one. */
    private static final BackendConfig HONEYCOMB = new BackendConfig("honeycomb", HoneycombConfig::review,
            HoneycombConfig::notConfigured);
    private static final BackendConfig AWS = new BackendConfig("aws", AwsConfig::review, AwsConfig::notConfigured);
    private static final BackendConfig ROLLBAR = new BackendConfig("rollbar", RollbarConfig::review,
            RollbarConfig::notConfigured);
    private static final BackendConfig APP = new BackendConfig(PropagationCheck.NAME, PropagationConfig::review,
            PropagationConfig::notConfigured, true);

    public static final List<Backend> ALL = List.of(
            new Backend(HoneycombCheck.NAME, List.of("otel", "otlp"), HONEYCOMB,
                    flags -> new HoneycombCheck(new HoneycombCheck.Options(flags.readBack(), flags.serviceName()))),
            new Backend(XrayCheck.NAME, List.of(), AWS,
                    flags -> new XrayCheck(new XrayCheck.Options(XrayCheck.Via.auto, flags.xrayGroup(), flags.readBack(),
                            flags.serviceName()))),
            // X-Ray's successor path, its own line: doctor --local shows it working; elsewhere xray's auto picks it
            new Backend(XrayCheck.OTLP_NAME, List.of("xray"), AWS,
                    flags -> XrayCheck.otlp(new XrayCheck.Options(XrayCheck.Via.otlp, Optional.empty(), flags.readBack(),
                            flags.serviceName())), Runs.LOCAL_ONLY),
            new Backend(LogsCheck.NAME, List.of("cwlogs"), AWS,
                    flags -> new LogsCheck(new LogsCheck.Options(flags.logGroup(), Optional.empty(), flags.create(),
                            flags.readBack()))),
            new Backend(RollbarCheck.NAME, List.of(), ROLLBAR,
                    flags -> new RollbarCheck(new RollbarCheck.Options(flags.readBack(), flags.environment(),
                            Optional.empty()), flags.version())),
            // the app's own request, when TRACECHECK_APP_URL (or --app-url) names a route; always looked up
            new Backend(PropagationCheck.NAME, List.of(), APP,
                    flags -> new PropagationCheck(new PropagationCheck.Options(Optional.empty(), "GET", Optional.empty(),
                            flags.readBack().on(), TraceSources.forRecentRequest(Optional.empty(), Optional.empty()))),
                    Runs.WITH_THE_APP));

    private Backends() {
    }

    /**
     * The flags doctor passes to every check that takes them. With {@code local} (doctor --local)
     * every check reads back and the logs check creates what it needs.
     */
    public record Flags(ReadBack readBack, Optional<String> serviceName, Optional<String> xrayGroup,
                        Optional<String> logGroup, boolean create, Optional<String> environment, boolean local,
                        String version) {
        public Flags {
            Objects.requireNonNull(readBack);
            readBack = local ? readBack.on() : readBack;
            create = create || local;
        }
    }

    /** Which doctor runs a check. */
    public enum Runs {
        /** every doctor, --local included */
        EVERYWHERE,
        /** only doctor --local, where a second path of a backend is shown working; not listed among the backends to choose */
        LOCAL_ONLY,
        /** every doctor but --local, which has no app of the user's to send to */
        WITH_THE_APP
    }

    /**
     * One check-able backend: its name, the other names --only and --skip accept for it, the
     * configuration review it belongs to, how to build its check from doctor's flags, and which doctor runs it.
     */
    public record Backend(String name, List<String> aliases, BackendConfig config, Function<Flags, Check> check, Runs runs) {
        public Backend {
            aliases = List.copyOf(aliases);
        }

        public Backend(String name, List<String> aliases, BackendConfig config, Function<Flags, Check> check) {
            this(name, aliases, config, check, Runs.EVERYWHERE);
        }

        public boolean localOnly() {
            return runs == Runs.LOCAL_ONLY;
        }

        /** Whether doctor runs it (or lists it skipped) with these flags; an opt-in check only when configured. */
        boolean runsWith(Flags flags, Predicate<BackendConfig> configured) {
            return switch (runs) {
                case EVERYWHERE -> true;
                case LOCAL_ONLY -> flags.local();
                case WITH_THE_APP -> !flags.local() && configured.test(config);
            };
        }

        /** Its check when the settings configure it; otherwise a skip with the backend's own not-configured problem. */
        Check checkFor(Settings settings, Flags flags, Predicate<BackendConfig> configured) {
            return configured.test(config) ? check.apply(flags)
                    : new SkippedCheck(name, config.notConfigured().apply(settings).message());
        }

        /** Its name, an alias, or the name of the review it shares (aws: xray and logs). */
        boolean answersTo(String wanted) {
            return name.equals(wanted) || aliases.contains(wanted) || config.name().equals(wanted);
        }
    }

    /** The AWS SDK's part for one check: STS (every AWS check asks who it is) and the check's own service. */
    public static void prepareAws(AwsService<?, ?> service) {
        io.tracecheck.aws.AwsSession.prepareClasses(AwsService.sts(), service);
    }

    public static List<String> names() {
        return ALL.stream().filter(backend -> !backend.localOnly()).map(Backend::name).toList();
    }

    /** The backends a name selects, in report order; empty for a name that is none of theirs. */
    public static List<Backend> named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(backend -> backend.answersTo(wanted)).toList();
    }

    /**
     * The checks doctor runs for these backends, in report order: each configured one's check, a skip
     * for the others, the opt-in ones only when configured. Each review runs once (xray, xray-otlp and
     * logs share the AWS one), on the caller's thread before any check starts.
     */
    public static List<Check> checks(List<Backend> selected, Flags flags, Settings settings) {
        Map<BackendConfig, Boolean> reviewed = new IdentityHashMap<>();
        Predicate<BackendConfig> configured = config -> reviewed.computeIfAbsent(config, c -> c.configured(settings));
        List<Check> checks = new ArrayList<>();
        for (Backend backend : selected) {
            if (backend.runsWith(flags, configured)) {
                checks.add(backend.checkFor(settings, flags, configured));
            }
        }
        return checks;
    }

    /** The configuration reviews of these backends, each once, in report order. */
    public static List<BackendConfig> reviews(List<Backend> backends) {
        List<BackendConfig> reviews = new ArrayList<>();
        for (Backend backend : backends) {
            // by identity (the reviews are the constants above): a record's equals costs startup time
            if (reviews.stream().noneMatch(review -> review == backend.config())) {
                reviews.add(backend.config());
            }
        }
        return reviews;
    }
}
