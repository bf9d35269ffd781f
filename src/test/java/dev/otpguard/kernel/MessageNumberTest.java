package dev.otpguard.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateMethodModelEx;
import java.io.StringReader;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageNumberTest {

    private static final String PLURAL = "valid for {0,choice,1#1 minute|1<{0} minutes}";

    @Test
    void messageFormatSeesANumberForChoicePlurals() {
        assertThat(new MessageFormat(PLURAL, Locale.ENGLISH).format(new Object[] {new MessageNumber(1)}))
                .isEqualTo("valid for 1 minute");
        assertThat(new MessageFormat(PLURAL, Locale.ENGLISH).format(new Object[] {new MessageNumber(5)}))
                .isEqualTo("valid for 5 minutes");
    }

    /**
     * What Keycloak 26.4's msg() does: it hands each argument to MessageFormat as FreeMarker gives it. A plain
     * long arrives as FreeMarker's own number model and breaks the plural; a MessageNumber arrives as itself.
     */
    @Test
    void aTemplateHandsItToMsgAsANumberAndStillComparesAndPrintsIt() throws Exception {
        TemplateMethodModelEx msg = arguments -> new MessageFormat(PLURAL, Locale.ENGLISH)
                .format(((List<?>) arguments).toArray());
        Template template = new Template("t", new StringReader(
                "${msg(n)}|<#if n == 1>one<#elseif n gt 1>more</#if>|${n?c}"), new Configuration(Configuration.VERSION_2_3_32));
        StringWriter out = new StringWriter();
        template.process(Map.of("msg", msg, "n", new MessageNumber(3)), out);
        assertThat(out.toString()).isEqualTo("valid for 3 minutes|more|3");
    }
}
