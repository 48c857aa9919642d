package io.tracecheck.listen.aws;

import io.tracecheck.listen.StoredSegment;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filter expressions the local GetTraceSummaries understands: empty (all),
 * {@code service("name")}, {@code service(id(name: "name"))}, {@code annotation.key = "value"}
 * (or a number or true/false), joined by {@code AND}. Anything else is refused, as X-Ray refuses
 * what it cannot parse.
 */
final class XrayFilter {
    private static final Pattern SERVICE = Pattern.compile("service\\(\\s*(?:id\\(\\s*name:\\s*)?\"([^\"]*)\"\\s*\\)?\\s*\\)");
    private static final Pattern ANNOTATION = Pattern.compile("annotation\\.([A-Za-z0-9_]+)\\s*=\\s*(\"[^\"]*\"|[^\\s)]+)");

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
            if (!SERVICE.matcher(clause.strip()).matches() && !ANNOTATION.matcher(clause.strip()).matches()) {
                throw new IllegalArgumentException("Invalid filter expression: '" + clause.strip() + "' (the local backend "
                        + "understands service(\"name\"), service(id(name: \"name\")) and annotation.key = value)");
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
}
