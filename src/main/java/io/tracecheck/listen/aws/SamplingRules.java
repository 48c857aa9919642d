package io.tracecheck.listen.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local X-Ray backend's sampling rules, as GetSamplingRules and GetSamplingTargets serve them,
 * signed on the API port or unsigned through the daemon's TCP proxy: one rule, {@code Default}
 * (priority 10000, 5 % after a reservoir of 1 a second, every service), unchanged since listen
 * started. Targets give this client the whole reservoir, since listen has no other.
 */
final class SamplingRules {
    /** Seconds between target polls, and how long a quota lasts (a little longer, so polls overlap it). */
    static final int INTERVAL_SECONDS = 10;
    private static final int QUOTA_TTL_SECONDS = 15;
    private static final int MAX_STATISTICS = 25;

    private final Instant modified;
    private final List<Map<String, Object>> rules = List.of(defaultRule());

    SamplingRules(Instant modified) {
        this.modified = modified;
    }

    /** GetSamplingRules' answer: every rule with when it was created and last modified. */
    Map<String, Object> records() {
        List<Object> records = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("SamplingRule", rule);
            record.put("CreatedAt", epochSeconds(modified));
            record.put("ModifiedAt", epochSeconds(modified));
            records.add(record);
        }
        return Map.of("SamplingRuleRecords", records);
    }

    /**
     * GetSamplingTargets' answer to a client's statistics: a target for each known rule, the unknown
     * ones in UnprocessedStatistics; a request without SamplingStatisticsDocuments, with more than
     * 25, or with a document missing a required field is an InvalidRequestException.
     */
    Result targets(Map<String, Object> request, Instant now) {
        if (!(request.get("SamplingStatisticsDocuments") instanceof List<?> documents)) {
            return Result.error("SamplingStatisticsDocuments is required");
        }
        if (documents.size() > MAX_STATISTICS) {
            return Result.error("SamplingStatisticsDocuments holds " + documents.size() + " documents; at most "
                    + MAX_STATISTICS + " are allowed");
        }
        List<Object> targets = new ArrayList<>();
        List<Object> unprocessed = new ArrayList<>();
        for (Object item : documents) {
            Optional<String> missing = missingField(item);
            if (missing.isPresent()) {
                return Result.error("a SamplingStatisticsDocument has no " + missing.get());
            }
            String name = String.valueOf(((Map<?, ?>) item).get("RuleName"));
            Optional<Map<String, Object>> rule = rules.stream().filter(r -> r.get("RuleName").equals(name)).findFirst();
            if (rule.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("RuleName", name);
                entry.put("ErrorCode", "400");
                entry.put("Message", "no sampling rule is named '" + name + "'");
                unprocessed.add(entry);
                continue;
            }
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("RuleName", name);
            target.put("FixedRate", rule.get().get("FixedRate"));
            target.put("ReservoirQuota", rule.get().get("ReservoirSize"));
            target.put("ReservoirQuotaTTL", epochSeconds(now.plusSeconds(QUOTA_TTL_SECONDS)));
            target.put("Interval", INTERVAL_SECONDS);
            targets.add(target);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("SamplingTargetDocuments", targets);
        body.put("LastRuleModification", epochSeconds(modified));
        body.put("UnprocessedStatistics", unprocessed);
        return new Result(body, null);
    }

    private static Optional<String> missingField(Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            return Optional.of("fields (it is not an object)");
        }
        if (!(map.get("RuleName") instanceof String)) {
            return Optional.of("RuleName");
        }
        if (!(map.get("ClientID") instanceof String)) {
            return Optional.of("ClientID");
        }
        for (String number : List.of("Timestamp", "RequestCount", "SampledCount")) {
            if (!(map.get(number) instanceof Number)) {
                return Optional.of(number);
            }
        }
        return Optional.empty();
    }

    /** The answer's body, or the error to give instead. */
    record Result(Map<String, Object> body, AwsError error) {
        static Result error(String message) {
            return new Result(null, new AwsError(400, "InvalidRequestException", message));
        }
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static Map<String, Object> defaultRule() {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("RuleName", "Default");
        rule.put("RuleARN", "arn:aws:xray:us-east-1:123456789012:sampling-rule/Default");
        rule.put("ResourceARN", "*");
        rule.put("Priority", 10000);
        rule.put("FixedRate", 0.05);
        rule.put("ReservoirSize", 1);
        rule.put("ServiceName", "*");
        rule.put("ServiceType", "*");
        rule.put("Host", "*");
        rule.put("HTTPMethod", "*");
        rule.put("URLPath", "*");
        rule.put("Version", 1);
        rule.put("Attributes", Map.of());
        return rule;
    }
}
