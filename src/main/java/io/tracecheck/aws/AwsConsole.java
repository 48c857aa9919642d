package io.tracecheck.aws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into the AWS console (CloudWatch), the one place their shape is written down. */
public final class AwsConsole {
    private AwsConsole() {
    }

    public static String xrayTrace(String region, String traceId) {
        return cloudWatch(region) + "#xray:traces/" + traceId;
    }

    public static String logEvents(String region, String group, String stream) {
        return cloudWatch(region) + "#logsV2:log-groups/log-group/" + name(group) + "/log-events/" + name(stream);
    }

    private static String cloudWatch(String region) {
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region;
    }

    /** The console's own encoding of names in its URLs: percent-encoded, then '%' written as "$25". */
    private static String name(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%", "$25");
    }
}
