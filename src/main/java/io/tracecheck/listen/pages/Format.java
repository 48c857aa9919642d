package io.tracecheck.listen.pages;

import io.tracecheck.listen.HttpExchange;

import java.util.Locale;

/**
 * HTML for a browser, JSON for a script: {@code ?format=json} (or {@code html}) decides, else an
 * {@code Accept} that prefers {@code application/json} to {@code text/html}. A browser, and
 * {@code curl} with its {@code *}{@code /*}, get the page.
 */
enum Format {
    HTML, JSON;

    static Format of(HttpExchange exchange) {
        String asked = exchange.query().map(Format::formatParameter).orElse("");
        if (asked.equals("json")) {
            return JSON;
        }
        if (asked.equals("html")) {
            return HTML;
        }
        String accept = exchange.header("Accept").orElse("");
        return quality(accept, "application/json") > quality(accept, "text/html") ? JSON : HTML;
    }

    private static String formatParameter(String query) {
        for (String pair : query.split("&")) {
            if (pair.startsWith("format=")) {
                return pair.substring("format=".length()).toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /** The q the Accept header gives exactly this type (0 when it does not list it; wildcards name no preference). */
    private static double quality(String accept, String type) {
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].strip().equalsIgnoreCase(type)) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            return q;
        }
        return 0;
    }
}
