package io.tracecheck.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The last line of defence: every text tracecheck prints passes through here, and any secret
 * value it was given (or a recognisable piece of one, such as a header value) is replaced by its
 * masked form. Code is still expected to print {@link Secret}s masked in the first place.
 */
public final class Redactor {
    /** Shorter values are too likely to match ordinary words. */
    private static final int MIN_LENGTH = 6;
    /** Where text was cut: the mark every excerpt ends with (and its ASCII form, which a plain terminal gets). */
    public static final String CUT = "…";
    private static final String ASCII_CUT = "...";
    /** A piece of a secret at a cut longer than this is masked: a mask itself shows up to 4 characters. */
    private static final int MAX_VISIBLE_PIECE = 4;

    /** Compiled at the first secret registered, not when a redactor is made (see {@link #LONGEST_FIRST}). */
    private static final class Shapes {
        /** A base64 value with its '=' padding. */
        static final java.util.regex.Pattern BASE64_PADDED = java.util.regex.Pattern.compile("[A-Za-z0-9_+/-]+=+");
        /** The characters keys and tokens are made of (base64 and hex included). */
        static final java.util.regex.Pattern KEY_ALPHABET = java.util.regex.Pattern.compile("[A-Za-z0-9_+/=-]+");
    }

    /**
     * Longest first (a secret that contains another is masked whole), then alphabetical. A class rather
     * than composed lambdas: a redactor is made before picocli's model thread can start, and the first
     * lambda of a run (the JDK's regex compiler has some) initialises the method-handle machinery on the spot.
     */
    private static final Comparator<String> LONGEST_FIRST = new Comparator<>() {
        @Override
        public int compare(String a, String b) {
            int byLength = Integer.compare(b.length(), a.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
    };

    private final Set<String> secrets = new ConcurrentSkipListSet<>(LONGEST_FIRST);
    /**
     * The keys and tokens themselves (not the header lists, URLs or "Bearer …" values around them,
     * whose public start would look like a piece at every mask): what a piece at a cut is checked against.
     */
    private final Set<String> keys = new ConcurrentSkipListSet<>(LONGEST_FIRST);

    public void register(Settings settings) {
        settings.secretValuesForRedaction().forEach(this::register);
    }

    public void register(Secret secret) {
        register(secret.reveal());
    }

    public void register(String raw) {
        if (raw == null) {
            return;
        }
        boolean headerList = raw.contains("=");
        boolean anyLongValue = false;
        for (String entry : raw.split(",")) {
            int eq = entry.indexOf('=');
            anyLongValue |= ValueShape.clean(eq >= 0 ? entry.substring(eq + 1) : entry).length() >= MIN_LENGTH;
        }
        if (!headerList || anyLongValue) {
            // a header list whose values are all empty ("x-honeycomb-team=") holds no secret to hide
            add(raw);
            add(ValueShape.clean(raw));
        }
        if (Shapes.BASE64_PADDED.matcher(ValueShape.clean(raw)).matches()) {
            // a base64 secret ends in '=', which the header-list reading below would split at
            addKey(ValueShape.clean(raw));
        }
        // Header lists (k=v,k2=v2) and "Bearer xyz": each value alone, percent-decoded too.
        for (String entry : raw.split(",")) {
            int eq = entry.indexOf('=');
            String value = ValueShape.clean(eq >= 0 ? entry.substring(eq + 1) : entry);
            String decoded = value;
            try {
                decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notEncoded) {
                // a stray '%': the value as written is all there is
            }
            for (String candidate : new String[] {value, decoded}) {
                add(candidate);
                String[] words = candidate.split("\\s+");
                add(words[words.length - 1]);
                addKey(candidate);
                addKey(words[words.length - 1]);
            }
        }
    }

    private void add(String value) {
        // An unexpanded placeholder such as ${HONEYCOMB_API_KEY} holds no secret, and the report must show it.
        if (value.length() >= MIN_LENGTH && !ValueShape.isOnlyPlaceholder(value)) {
            secrets.add(value);
        }
    }

    private void addKey(String value) {
        if (value.length() >= MIN_LENGTH && Shapes.KEY_ALPHABET.matcher(value).matches() && !ValueShape.isOnlyPlaceholder(value)) {
            keys.add(value);
        }
    }

    /**
     * {@code text} with every known secret masked, and also the piece of one that a cut left: the
     * end of the text before a cut mark that begins a secret, and the start of the text after one
     * that ends a secret. A server that echoes a key in its error body may put it anywhere, so an
     * excerpt cut through the key must not print the part before the cut.
     */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.mask(secret));
            }
        }
        return !keys.isEmpty() && (result.contains(CUT) || result.contains(ASCII_CUT)) ? maskPiecesAtCuts(result) : result;
    }

    /**
     * The one way to shorten text a server sent (an error body, a page title): on one line, at most
     * {@code max} characters, ending in {@link #CUT} when it was cut. The checks that cut do not hold
     * the run's redactor; every output passes through it, and {@link #redact} masks a key's piece
     * at the mark as well as whole keys, so the cut can never leave part of a key printable.
     */
    public static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= max) {
            return oneLine;
        }
        int end = Character.isHighSurrogate(oneLine.charAt(max - 1)) ? max - 1 : max;
        return oneLine.substring(0, end) + CUT;
    }

    private String maskPiecesAtCuts(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (from < text.length()) {
            int unicode = text.indexOf(CUT, from);
            int ascii = text.indexOf(ASCII_CUT, from);
            int mark = unicode < 0 ? ascii : ascii < 0 ? unicode : Math.min(unicode, ascii);
            if (mark < 0) {
                out.append(text, from, text.length());
                break;
            }
            int markLength = mark == unicode ? CUT.length() : ASCII_CUT.length();
            String before = text.substring(from, mark);
            String beginning = longestPiece(before, true);
            if (beginning != null) {
                // the piece and the mark become the whole secret's mask: "hcai…(64 chars)"
                out.append(before, 0, before.length() - beginning.length()).append(Secret.mask(secretStartingWith(beginning)));
            } else {
                out.append(before).append(text, mark, mark + markLength);
            }
            from = mark + markLength;
            String ending = longestPiece(text.substring(from), false);
            if (ending != null) {
                out.append("(").append(secretEndingWith(ending).length()).append(" chars)");
                from += ending.length();
            }
        }
        return out.toString();
    }

    /** The longest end of {@code before} that begins a secret ({@code atEnd}), or start of {@code after} that ends one. */
    private String longestPiece(String text, boolean atEnd) {
        String longest = null;
        for (String secret : keys) {
            for (int length = Math.min(secret.length() - 1, text.length()); length > MAX_VISIBLE_PIECE; length--) {
                if (longest != null && length <= longest.length()) {
                    break;
                }
                boolean matches = atEnd ? text.regionMatches(text.length() - length, secret, 0, length)
                        : text.regionMatches(0, secret, secret.length() - length, length);
                if (matches) {
                    longest = text.substring(atEnd ? text.length() - length : 0, atEnd ? text.length() : length);
                    break;
                }
            }
        }
        return longest;
    }

    private String secretStartingWith(String piece) {
        return keys.stream().filter(s -> s.startsWith(piece)).findFirst().orElse(piece);
    }

    private String secretEndingWith(String piece) {
        return keys.stream().filter(s -> s.endsWith(piece)).findFirst().orElse(piece);
    }
}
