package io.tracecheck.report;

import io.tracecheck.terminal.Style;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The live progress lines: one per running check with its step, redrawn in place, erased at the end. */
class ProgressLinesTest {
    @Test
    void drawsOneLinePerCheckAndErasesThem() {
        StringWriter screen = new StringWriter();
        ProgressLines progress = new ProgressLines(new PrintWriter(screen), new Style(true, true));
        progress.started("honeycomb");
        progress.started("xray");
        progress.step("honeycomb", "authenticate");
        progress.step("xray", "identity");
        progress.redraw();
        progress.finished("xray");
        progress.redraw();
        progress.close();
        String text = screen.toString();
        assertThat(text).contains("honeycomb").contains("authenticate").contains("identity").contains("xray")
                .contains("done")
                .contains("\u001b[2A") // back up over the two lines to redraw them
                .endsWith("\u001b[2A\r\u001b[J"); // and finally erase them
        assertThat(text).containsPattern("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] honeycomb\\s+\\d+\\.\\ds  authenticate");
    }
}
