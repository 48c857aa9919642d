package io.tracecheck.listen.aws;

import io.tracecheck.listen.StoredSegment;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter expressions the local GetTraceSummaries understands: empty (all),
 * {@code service("name")}, {@code service(id(name: "name"))}, {@code annotation.key = "value"}
 * (or a number or true/false), the request keywords {@code http.url}, {@code http.method},
 * {@code http.useragent}, {@code http.clientip} with {@code =}, {@code !=}, {@code CONTAINS},
 * {@code BEGINSWITH} or {@code ENDSWITH} and a quoted string, and {@code http.status} compared to a
 * number, joined by {@code AND}. Anything else is refused, as X-Ray refuses
 * what it cannot parse.
 */
final class XrayFilter {
    private static final Pattern SERVICE = Pattern.compile("service\\(\\s*(?:id\\(\\s*name:\\s*)?\"([^\"]*)\"\\s*\\)?\\s*\\)");
    private static final Pattern ANNOTATION = Pattern.compile("annotation\\.([A-Za-z0-9_]+)\\s*=\\s*(\"[^\"]*\"|[^\\s)]+)");

    private static final Pattern HTTP_TEXT = Pattern.compile(
            "http\\.(url|method|useragent|clientip)\\s*(=|!=|(?i:contains|beginswith|endswith))\\s*\"([^\"]*)\"");
    private static final Pattern HTTP_STATUS = Pattern.compile("http\\.status\\s*(=|!=|<=|>=|<|>)\\s*(\\d{1,3})");

    private final String[] clauses;

    private XrayFilter(String[] clauses) {
        this.clauses = clauses;
    }

    static XrayFilter parse(String expression) {
        String text = expression.strip();
        if (text.isEmpty()) {
            return new XrayFilter(new String[0]);
        }
        String[] clauses = text.split("\\s+(?i:and)\\s+");
        for (String clause : clauses) {
            String c = clause.strip();
            if (!SERVICE.matcher(c).matches() && !ANNOTATION.matcher(c).matches() && !HTTP_TEXT.matcher(c).matches()
                    && !HTTP_STATUS.matcher(c).matches()) {
                throw new IllegalArgumentException("Invalid filter expression: '" + c + "' (the local backend "
                        + "understands service(\"name\"), service(id(name: \"name\")), annotation.key = value, "
                        + "http.url CONTAINS \"text\" and the like, and http.status = number)");
            }
        }
        return new XrayFilter(clauses);
    }

    boolean matches(StoredSegment segment) {
        for (String clause : clauses) {
            Matcher service = SERVICE.matcher(clause.strip());
            if (service.matches()) {
                if (!service.group(1).equals(segment.name())) {
                    return false;
                }
                continue;
            }
            Matcher text = HTTP_TEXT.matcher(clause.strip());
            if (text.matches()) {
                if (!textMatches(http(segment, text.group(1)), text.group(2).toLowerCase(java.util.Locale.ROOT), text.group(3))) {
                    return false;
                }
                continue;
            }
            Matcher status = HTTP_STATUS.matcher(clause.strip());
            if (status.matches()) {
                String actual = http(segment, "status");
                if (actual == null || !actual.matches("\\d+(\\.\\d+)?")
                        || !compare(Double.parseDouble(actual), status.group(1), Integer.parseInt(status.group(2)))) {
                    return false;
                }
                continue;
            }
            Matcher annotation = ANNOTATION.matcher(clause.strip());
            if (annotation.matches()) {
                Object actual = segment.fields().get("annotations") instanceof Map<?, ?> map ? map.get(annotation.group(1)) : null;
                String expected = annotation.group(2).replaceAll("^\"|\"$", "");
                if (actual == null || !String.valueOf(actual).equals(expected)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A request or response field of the segment's {@code http} object, as text; null when absent. */
    private static String http(StoredSegment segment, String keyword) {
        if (!(segment.fields().get("http") instanceof Map<?, ?> http)) {
            return null;
        }
        Object value = switch (keyword) {
            case "status" -> http.get("response") instanceof Map<?, ?> response ? response.get("status") : null;
            case "useragent" -> http.get("request") instanceof Map<?, ?> request ? request.get("user_agent") : null;
            case "clientip" -> http.get("request") instanceof Map<?, ?> request ? request.get("client_ip") : null;
            default -> http.get("request") instanceof Map<?, ?> request ? request.get(keyword) : null;
        };
        if (value instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return value == null ? null : String.valueOf(value);
    }

    private static boolean textMatches(String actual, String op, String expected) {
        if (actual == null) {
            return op.equals("!=");
        }
        return switch (op) {
            case "=" -> actual.equals(expected);
            case "!=" -> !actual.equals(expected);
            case "contains" -> actual.contains(expected);
            case "beginswith" -> actual.startsWith(expected);
            default -> actual.endsWith(expected);
        };
    }

    private static boolean compare(double actual, String op, int expected) {
        return switch (op) {
            case "=" -> actual == expected;
            case "!=" -> actual != expected;
            case "<" -> actual < expected;
            case "<=" -> actual <= expected;
            case ">" -> actual > expected;
            default -> actual >= expected;
        };
    }
}
