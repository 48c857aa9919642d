package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An excerpt cut through a known secret keeps no piece of it longer than a mask shows. */
class RedactorCutTest {
    private static final String KEY = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";

    @Test
    void aKeyAtEveryOffsetAroundTheCutLeavesNoPiece() {
        Redactor redactor = new Redactor();
        redactor.register(KEY);
        for (int at = 0; at <= 210; at++) {
            String body = "x".repeat(at) + KEY + " tail";
            for (String shown : new String[] {redactor.redact(Redactor.cut(body, 200)),
                    redactor.redact(Redactor.cut(body, 200).replace(Redactor.CUT, "..."))}) {
                assertThat(shown.length()).isLessThanOrEqualTo(200 + 20);
                for (int i = 0; i + 6 <= KEY.length(); i++) {
                    assertThat(shown).as("offset %d", at).doesNotContain(KEY.substring(i, i + 6));
                }
            }
        }
    }

    @Test
    void theMaskTakesThePiecesPlaceAndSaysWhatItWas() {
        Redactor redactor = new Redactor();
        redactor.register(KEY);
        assertThat(redactor.redact(Redactor.cut("refused " + KEY, 40))).isEqualTo("refused hcai…(64 chars)");
        assertThat(Redactor.cut("refused " + KEY, 20)).isEqualTo("refused hcaik_01jd7a…");
        assertThat(redactor.redact(Redactor.cut("refused " + KEY, 20))).isEqualTo("refused hcai…(64 chars)");
        // the start of an excerpt taken from the middle: the end of a key after the mark
        assertThat(redactor.redact("…" + KEY.substring(30) + " was refused")).isEqualTo("…(64 chars) was refused");
        // text that merely shares a few letters with a key at a cut stays as it is
        assertThat(redactor.redact("see hcai…")).isEqualTo("see hcai…");
        assertThat(Redactor.cut("  two\n lines  ", 50)).isEqualTo("two lines");
    }

    @Test
    void theMasksAroundAKeyAreNotMistakenForAPiece() {
        Redactor redactor = new Redactor();
        redactor.register("x-honeycomb-team=" + KEY);
        redactor.register("http://me:s3cret@proxy.corp:3128");
        redactor.register("c2VjcmV0c2VjcmV0c2VjcmV0==");
        // what the env table prints for a header list and a proxy URL with credentials
        assertThat(redactor.redact("x-honeycomb-team=hcai…(64 chars)")).isEqualTo("x-honeycomb-team=hcai…(64 chars)");
        assertThat(redactor.redact("http://…@proxy.corp:3128")).isEqualTo("http://…@proxy.corp:3128");
        // a base64 key, '=' and all, is still a key at a cut
        assertThat(redactor.redact("answered c2VjcmV0c2Vj…")).isEqualTo("answered c2Vj…(26 chars)");
    }
}
