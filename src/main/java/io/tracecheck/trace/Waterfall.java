package io.tracecheck.trace;

import io.tracecheck.core.Status;
import io.tracecheck.terminal.Style;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A trace tree drawn for the terminal: one row per span in tree order, the tree in box-drawing
 * characters (ASCII when the style has no Unicode), service, start offset, duration, a bar on the
 * trace's time scale sized to the width, errors marked, the key HTTP and database attributes, and
 * orphans (a parent that never arrived) marked and explained under the tree. The full form is
 * {@code tracecheck trace}'s; the compact one (no service or offset column, fewer rows) is what
 * listen's live view prints when a trace goes quiet.
 * <p>
 * Every name and attribute comes from an app: escape sequences and control characters are removed
 * before anything reaches the terminal.
 */
public final class Waterfall {
    /** Columns assumed when the output is not a terminal (a pipe, a file). */
    public static final int DEFAULT_WIDTH = 120;
    private static final int MAX_INDENT = 12;
    private static final Pattern ESCAPE = Pattern.compile("\u001b(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001b]*(\u0007|\u001b\\\\)?|.)?");

    private final Style style;
    private final int width;
    private final int maxRows;
    private final boolean compact;

    private Waterfall(Style style, int width, int maxRows, boolean compact) {
        this.style = style;
        this.width = width <= 0 ? DEFAULT_WIDTH : Math.max(60, width);
        this.maxRows = Math.max(1, maxRows);
        this.compact = compact;
    }

    /** {@code tracecheck trace}'s form; {@code width} 0 when unknown. */
    public static Waterfall full(Style style, int width, int maxRows) {
        return new Waterfall(style, width, maxRows, false);
    }

    /** The live view's form: the tree, durations, a short bar and the key attributes. */
    public static Waterfall compact(Style style, int width, int maxRows) {
        return new Waterfall(style, width, maxRows, true);
    }

    public List<String> lines(TraceTree tree) {
        List<String> lines = new ArrayList<>();
        lines.add(header(tree));
        List<TraceTree.Row> rows = tree.rows();
        if (rows.isEmpty()) {
            return lines;
        }
        int shown = Math.min(rows.size(), maxRows);
        List<String> prefixes = prefixes(rows, shown);
        int nameWidth = 0;
        for (int i = 0; i < shown; i++) {
            nameWidth = Math.max(nameWidth, prefixes.get(i).length() + label(rows.get(i)).length());
        }
        nameWidth = Math.min(nameWidth, compact ? 36 : 48);
        int serviceWidth = 0;
        for (int i = 0; i < shown && !compact; i++) {
            serviceWidth = Math.max(serviceWidth, clean(rows.get(i).span().service()).length());
        }
        serviceWidth = Math.min(Math.max(serviceWidth, 7), 20);
        int fixed = nameWidth + 2 + (compact ? 0 : serviceWidth + 2 + 10 + 2) + 10 + 2;
        int barWidth = Math.max(10, Math.min(compact ? 24 : 60, (width - fixed) * 2 / 5));
        Instant start = tree.start();
        long total = Math.max(1, tree.duration().toNanos());
        if (!compact) {
            lines.add(style.dim(pad("SPAN", nameWidth) + "  " + pad("SERVICE", serviceWidth) + "  " + left("START", 10)
                    + "  " + left("DURATION", 10) + "  " + pad("", barWidth) + "  ATTRIBUTES"));
        }
        String indent = compact ? "  " : "";
        for (int i = 0; i < shown; i++) {
            TraceTree.Row row = rows.get(i);
            TraceSpan span = row.span();
            String line = indent + nameCell(prefixes.get(i), row, nameWidth) + "  "
                    + (compact ? "" : pad(fit(clean(span.service()), serviceWidth), serviceWidth) + "  "
                    + left("+" + duration(Duration.between(start, span.start())), 10) + "  ")
                    + left(duration(span.duration()), 10) + "  " + bar(span, start, total, barWidth);
            String attributes = keyAttributes(span);
            if (!attributes.isEmpty()) {
                line += "  " + attributes;
            }
            lines.add(cut(line));
        }
        if (rows.size() > shown) {
            lines.add(indent + style.dim(style.ellipsis() + " " + (rows.size() - shown) + " more span"
                    + (rows.size() - shown == 1 ? "" : "s")));
        }
        List<TraceSpan> orphans = tree.orphans();
        if (!orphans.isEmpty()) {
            String count = (style.unicode() ? "⚠ " : "! ") + orphans.size() + " orphan span" + (orphans.size() == 1 ? "" : "s");
            if (compact) {
                lines.add(cut(indent + style.paint(Status.WARN, count) + ": a parent never arrived (broken propagation)"));
            } else {
                TraceSpan first = orphans.get(0);
                lines.add(cut(style.paint(Status.WARN, count) + ": the parent of " + quote(first.name()) + " (span "
                        + shorten(clean(first.parentId()), 40, style.ellipsis()) + ") never arrived"
                        + (orphans.size() > 1 ? ", nor those of " + (orphans.size() - 1) + " more" : "") + "."));
                lines.add(cut("  Broken propagation: the caller dropped its trace context (traceparent, "
                        + "X-Amzn-Trace-Id) or never exported its span."));
            }
        }
        return lines;
    }

    private String header(TraceTree tree) {
        TraceSpan root = tree.rootSpan();
        long errors = tree.errorCount();
        int orphans = tree.orphans().size();
        StringBuilder header = new StringBuilder("trace ").append(clean(tree.traceId()));
        if (root != null) {
            header.append("  ").append(clean(root.service())).append("  ").append(quote(root.name()));
        }
        header.append("  ").append(tree.spanCount()).append(tree.spanCount() == 1 ? " span" : " spans")
                .append("  ").append(duration(tree.duration()));
        if (errors > 0) {
            header.append("  ").append(style.paint(Status.FAIL, errors + (errors == 1 ? " error" : " errors")));
        }
        if (orphans > 0) {
            header.append("  ").append(style.paint(Status.WARN, orphans + (orphans == 1 ? " orphan" : " orphans")));
        }
        return header.toString();
    }

    /**
     * The tree drawn before each name, from one pass backwards over the rows: a level continues
     * downwards while a later row at that depth comes before a shallower one.
     */
    private List<String> prefixes(List<TraceTree.Row> rows, int shown) {
        String tee = style.unicode() ? "├─ " : "|- ";
        String last = style.unicode() ? "└─ " : "`- ";
        String bar = style.unicode() ? "│  " : "|  ";
        String[] out = new String[shown];
        boolean[] later = new boolean[MAX_INDENT + 2];
        for (int i = rows.size() - 1; i >= 0; i--) {
            int depth = Math.min(rows.get(i).depth(), MAX_INDENT + 1);
            if (i < shown) {
                StringBuilder prefix = new StringBuilder();
                if (rows.get(i).depth() > MAX_INDENT) {
                    prefix.append(style.ellipsis()).append(rows.get(i).depth()).append(' ');
                } else {
                    for (int level = 1; level < depth; level++) {
                        prefix.append(later[level] ? bar : "   ");
                    }
                    if (depth > 0) {
                        prefix.append(later[depth] ? tee : last);
                    }
                }
                out[i] = prefix.toString();
            }
            later[depth] = true;
            for (int deeper = depth + 1; deeper < later.length; deeper++) {
                later[deeper] = false;
            }
        }
        return List.of(out);
    }

    /** The span's name, after the orphan mark when its parent never arrived. */
    private String label(TraceTree.Row row) {
        String name = clean(row.span().name());
        return (row.span().error() ? (style.unicode() ? "✗ " : "ERR ") : "") + (row.orphan() ? orphanMark() + " " : "")
                + (name.isEmpty() ? "(no name)" : name);
    }

    private String orphanMark() {
        return style.unicode() ? "⚠ orphan" : "orphan";
    }

    /** The name cell: the tree, then the name, in red after the failure mark for an error span. */
    private String nameCell(String prefix, TraceTree.Row row, int columns) {
        String name = fit(prefix + label(row), columns);
        String padding = " ".repeat(Math.max(0, columns - name.length()));
        if (!row.span().error() || name.length() <= prefix.length()) {
            return name + padding;
        }
        return name.substring(0, prefix.length()) + style.paint(Status.FAIL, name.substring(prefix.length())) + padding;
    }

    private String bar(TraceSpan span, Instant start, long total, int barWidth) {
        long offset = Duration.between(start, span.start()).toNanos();
        int from = (int) Math.min(barWidth - 1, Math.max(0, offset * barWidth / total));
        int length = (int) Math.max(1, Math.min(barWidth - from, span.duration().toNanos() * barWidth / total));
        String fill = (style.unicode() ? "█" : "#").repeat(length);
        String back = style.unicode() ? "·" : ".";
        return style.dim(back.repeat(from)) + (span.error() ? style.paint(Status.FAIL, fill) : fill)
                + style.dim(back.repeat(barWidth - from - length));
    }

    /** "GET /checkout 200", "SELECT * FROM orders WHERE…": what a reader looks for first. */
    static String keyAttributes(TraceSpan span, String ellipsis) {
        Map<String, String> a = span.attributes();
        List<String> parts = new ArrayList<>();
        first(a, "http.request.method", "http.method").ifPresent(parts::add);
        first(a, "http.route", "url.path").or(() -> first(a, "http.target", "url.full", "http.url").map(Waterfall::path))
                .ifPresent(parts::add);
        first(a, "http.response.status_code", "http.status_code").ifPresent(parts::add);
        first(a, "db.query.text", "db.statement").map(s -> shorten(s.replaceAll("\\s+", " ").strip(), 48, ellipsis))
                .ifPresent(parts::add);
        return parts.stream().map(Waterfall::clean).map(p -> shorten(p, 64, ellipsis)).reduce((x, y) -> x + " " + y).orElse("");
    }

    private String keyAttributes(TraceSpan span) {
        String text = keyAttributes(span, style.ellipsis());
        String status = java.util.Optional.ofNullable(span.attributes().get("http.response.status_code"))
                .orElse(span.attributes().getOrDefault("http.status_code", ""));
        return status.matches("[45]\\d\\d") && text.endsWith(" " + status)
                ? text.substring(0, text.length() - status.length()) + style.paint(status.startsWith("5") ? Status.FAIL
                : Status.WARN, status) : text;
    }

    private static java.util.Optional<String> first(Map<String, String> attributes, String... keys) {
        for (String key : keys) {
            String value = attributes.get(key);
            if (value != null && !value.isBlank()) {
                return java.util.Optional.of(value);
            }
        }
        return java.util.Optional.empty();
    }

    /** The path of a URL or a request target ({@code /a?b} gives {@code /a}: a query may hold a token). */
    static String path(String target) {
        String path = target;
        try {
            URI uri = URI.create(target.strip());
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                path = uri.getRawPath();
            }
        } catch (IllegalArgumentException e) {
            // not a URI: keep it, without a query
        }
        int query = path.indexOf('?');
        return query >= 0 ? path.substring(0, query) : path;
    }

    /** Text from an app, safe for a terminal: escape sequences gone, other control characters as spaces. */
    public static String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String noEscapes = text.indexOf('\u001b') >= 0 ? ESCAPE.matcher(text).replaceAll("") : text;
        StringBuilder out = new StringBuilder(noEscapes.length());
        for (int i = 0; i < noEscapes.length(); i++) {
            char c = noEscapes.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            out.append(control || bidi ? ' ' : c);
        }
        return out.toString();
    }

    private String quote(String name) {
        return "\"" + shorten(clean(name), 60, style.ellipsis()) + "\"";
    }

    private static String shorten(String text, int max, String ellipsis) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + ellipsis;
    }

    private String fit(String text, int columns) {
        return text.length() <= columns ? text : text.substring(0, Math.max(0, columns - 1)) + (style.unicode() ? "…" : "~");
    }

    /** The row cut to the width (colour codes kept, and reset). */
    private String cut(String line) {
        int visible = 0;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\u001b') {
                int end = line.indexOf('m', i);
                if (end < 0) {
                    break;
                }
                out.append(line, i, end + 1);
                i = end;
                continue;
            }
            if (visible == width - 1 && i < line.length() - 1 && visibleFrom(line, i) > 1) {
                out.append(style.unicode() ? "…" : "~");
                return out.append(line.contains("\u001b[") ? "\u001b[0m" : "").toString();
            }
            out.append(c);
            visible++;
        }
        return out.toString();
    }

    /** Visible characters from {@code from} to the end of the line. */
    private static int visibleFrom(String line, int from) {
        return line.substring(from).replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    /** 0.35 ms, 12.3 ms, 1.25 s, 2m03s. */
    public static String duration(Duration duration) {
        double ms = duration.toNanos() / 1_000_000.0;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        long seconds = duration.toSeconds();
        return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String left(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
