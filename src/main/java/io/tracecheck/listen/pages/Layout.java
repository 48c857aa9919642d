package io.tracecheck.listen.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What both pages share: the document around the content, one stylesheet and one script inline
 * (no external asset: the pages work offline), light and dark colours, and the headers that keep a
 * browser from running anything but that one script, whatever an app put in a span.
 */
final class Layout {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            :root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--dim:#5b6470;--line:#d8dde3;--row:#f4f6f8;\
            --bar:#3b82c4;--err:#c62828;--orphan:#a15c00;--track:#e9edf1;--link:#1f5fa8}
            @media (prefers-color-scheme:dark){:root{--bg:#16181c;--fg:#e4e7eb;--dim:#9aa4af;--line:#2f343b;\
            --row:#1f2227;--bar:#5aa2e0;--err:#ff6b6b;--orphan:#f0a54a;--track:#262a30;--link:#7fb6f0}}
            *{box-sizing:border-box}
            body{margin:0;padding:1rem 1.5rem;background:var(--bg);color:var(--fg);\
            font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif}
            a{color:var(--link)}
            h1{font-size:1.3rem;margin:.2rem 0 .3rem;overflow-wrap:anywhere}
            h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
            code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
            .meta,.dim{color:var(--dim)}
            .note{border-left:3px solid var(--orphan);padding:.4rem .8rem;margin:.8rem 0;background:var(--row)}
            table{border-collapse:collapse;width:100%}
            th{text-align:left;font-weight:600;color:var(--dim);border-bottom:1px solid var(--line);padding:.3rem .5rem}
            td{padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
            .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            .nowrap{white-space:nowrap}
            tr.span{cursor:pointer}
            tr.span:hover,tr.span:focus{background:var(--row);outline:none}
            tr.span[aria-expanded=true]{background:var(--row)}
            .name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:28rem}
            .err{color:var(--err);font-weight:600}
            .orphan{color:var(--orphan)}
            .badge{display:inline-block;font-size:.78em;padding:0 .35em;border:1px solid currentColor;border-radius:.6em;\
            margin-left:.4em}
            .timeline{width:40%;min-width:10rem}
            .track{position:relative;height:.9rem;background:var(--track);border-radius:2px}
            .bar{position:absolute;top:0;bottom:0;min-width:2px;background:var(--bar);border-radius:2px}
            tr.error .bar{background:var(--err)}
            tr.attrs td{background:var(--row)}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.3rem 0 .3rem 1rem}
            dt{color:var(--dim);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
            dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;white-space:pre-wrap;\
            overflow-wrap:anywhere}
            footer{margin-top:2rem;font-size:.85em;color:var(--dim)}
            """;

    /**
     * Opens a span's attributes on click (or Enter/Space), and shows times in the browser's zone.
     * It reads the page as rendered; no app data is ever written into it.
     */
    private static final String SCRIPT = """
            document.querySelectorAll('tr.span').forEach(function (row) {
              function toggle() {
                var details = document.getElementById(row.getAttribute('aria-controls'));
                var open = details.hidden;
                details.hidden = !open;
                row.setAttribute('aria-expanded', String(open));
              }
              row.addEventListener('click', toggle);
              row.addEventListener('keydown', function (e) {
                if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
              });
            });
            document.querySelectorAll('time[datetime]').forEach(function (t) {
              var d = new Date(t.getAttribute('datetime'));
              if (isNaN(d.getTime())) { return; }
              t.title = t.textContent;
              t.textContent = d.toLocaleDateString() + ' ' + d.toLocaleTimeString([], {hour12: false}) + '.'
                  + String(d.getMilliseconds()).padStart(3, '0');
            });
            """;

    /** Only the script above may run; styles inline (the bars' positions); nothing loads from anywhere. */
    private static final String POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src 'unsafe-inline'; "
            + "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private Layout() {
    }

    /** The document's start, up to the opened body; the title is untrusted (a span name). */
    static Html open(String title) {
        return new Html().raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                        + "<meta name=\"color-scheme\" content=\"light dark\"><title>")
                .text(title).raw(" · tracecheck listen</title><style>").raw(STYLE).raw("</style></head>\n<body>\n");
    }

    /** Closes the document: the footer, the script, the body. */
    static Html close(Html page) {
        return page.raw("<footer>tracecheck listen · these pages have no access control: anyone who can reach this port "
                        + "sees what your apps sent · JSON: add <code>?format=json</code></footer>\n<script>")
                .raw(SCRIPT).raw("</script>\n</body></html>\n");
    }

    static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        headers.put("Vary", "Accept");
        return headers;
    }

    /** {@code <time datetime="…">2026-01-02 10:11:12.345 UTC</time>}; the script shows it in local time. */
    static Html time(Html page, Instant instant) {
        return page.raw("<time").attr("datetime", instant.toString()).raw(">").text(UTC.format(instant)).raw("</time>");
    }

    /** {@code 0.42 ms}, {@code 12.3 ms}, {@code 1.25 s}. */
    static String duration(Duration duration) {
        double ms = duration.toNanos() / 1_000_000.0;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
