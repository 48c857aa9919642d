package io.tracecheck.aws;

import io.tracecheck.core.EditDistance;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** AWS region codes: the syntax, the known list, and the closest known one to a typo. */
public final class AwsRegions {
    private static final Pattern SYNTAX = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    static final List<String> KNOWN = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
            "eu-south-1", "eu-south-2", "eu-north-1", "eusc-de-east-1", "il-central-1", "me-south-1",
            "me-central-1", "mx-central-1", "sa-east-1", "us-gov-east-1", "us-gov-west-1",
            "cn-north-1", "cn-northwest-1");

    private AwsRegions() {
    }

    public static boolean wellFormed(String region) {
        return SYNTAX.matcher(region).matches();
    }

    public static boolean known(String region) {
        return KNOWN.contains(region);
    }

    public static String closest(String region) {
        String wanted = region.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return KNOWN.stream().min(Comparator.comparingInt(r -> EditDistance.between(r, wanted))).orElseThrow();
    }
}
