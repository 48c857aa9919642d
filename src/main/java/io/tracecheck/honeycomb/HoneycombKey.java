package io.tracecheck.honeycomb;

import io.tracecheck.core.Secret;

import java.util.regex.Pattern;

/**
 * What kind of Honeycomb key a value is, by its shape alone. Ingest and management keys carry a
 * {@code hc<x><type>_} prefix; configuration keys are 22 alphanumerics; classic keys 32 hex.
 */
public enum HoneycombKey {
    INGEST("ingest key", false, true),
    CLASSIC_INGEST("classic ingest key", true, true),
    CONFIGURATION("configuration key", false, true),
    CLASSIC_CONFIGURATION("classic configuration key", true, true),
    MANAGEMENT("management key", false, false),
    CONFIGURATION_KEY_ID("configuration key ID", false, false),
    UNKNOWN("unrecognised key", false, true);

    private static final Pattern INGEST_SHAPE = Pattern.compile("hc[a-z]ik_[a-z0-9]{58}");
    private static final Pattern CLASSIC_INGEST_SHAPE = Pattern.compile("hc[a-z]ic_[a-z0-9]{58}");
    private static final Pattern MANAGEMENT_SHAPE = Pattern.compile("hc[a-z]mk_[A-Za-z0-9:_-]+");
    private static final Pattern KEY_ID_SHAPE = Pattern.compile("hc[a-z]lk_[A-Za-z0-9]+");
    private static final Pattern CONFIGURATION_SHAPE = Pattern.compile("[A-Za-z0-9]{22}");
    private static final Pattern CLASSIC_SHAPE = Pattern.compile("[0-9a-f]{32}");

    private final String label;
    private final boolean classic;
    private final boolean canSend;

    HoneycombKey(String label, boolean classic, boolean canSend) {
        this.label = label;
        this.classic = classic;
        this.canSend = canSend;
    }

    public static HoneycombKey classify(Secret key) {
        if (key.test(INGEST_SHAPE.asMatchPredicate())) {
            return INGEST;
        }
        if (key.test(CLASSIC_INGEST_SHAPE.asMatchPredicate())) {
            return CLASSIC_INGEST;
        }
        if (key.test(MANAGEMENT_SHAPE.asMatchPredicate())) {
            return MANAGEMENT;
        }
        if (key.test(KEY_ID_SHAPE.asMatchPredicate())) {
            return CONFIGURATION_KEY_ID;
        }
        if (key.test(CLASSIC_SHAPE.asMatchPredicate())) {
            return CLASSIC_CONFIGURATION;
        }
        if (key.test(CONFIGURATION_SHAPE.asMatchPredicate())) {
            return CONFIGURATION;
        }
        return UNKNOWN;
    }

    public String label() {
        return label;
    }

    /** Classic keys write to named datasets; environment keys derive the dataset from service.name. */
    public boolean classic() {
        return classic;
    }

    public boolean canSend() {
        return canSend;
    }
}
