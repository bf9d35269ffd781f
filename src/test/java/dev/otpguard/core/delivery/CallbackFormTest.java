package dev.otpguard.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallbackFormTest {

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aTwilioCallbackIsDecoded() throws Exception {
        String form = "MessageSid=SM0123&MessageStatus=undelivered&ErrorCode=30007&To=%2B4915112345678&Body=";
        assertThat(CallbackForm.read(body(form), form.length())).containsEntry("MessageSid", "SM0123")
                .containsEntry("MessageStatus", "undelivered").containsEntry("ErrorCode", "30007")
                .containsEntry("To", "+4915112345678").containsEntry("Body", "");
    }

    @Test
    void aDeclaredLengthOverTheBoundIsRefusedWithoutReadingAByte() {
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'a';
            }
        };
        assertThatThrownBy(() -> CallbackForm.read(endless, 1_048_576))
                .isInstanceOf(CallbackForm.TooLargeException.class);
        assertThat(read.get()).isZero();
    }

    @Test
    void anUndeclaredBodyIsReadOnlyJustPastTheBound() {
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'a';
            }
        };
        assertThatThrownBy(() -> CallbackForm.read(endless, -1)).isInstanceOf(CallbackForm.TooLargeException.class);
        assertThat(read.get()).isLessThanOrEqualTo(CallbackForm.MAX_BYTES + 1);
    }

    @Test
    void brokenFormsAreRefused() {
        for (String form : new String[] {"a=%zz", "a=1&a=2", "=x", "a=\u00e9", "a=1\nb=2"}) {
            assertThatThrownBy(() -> CallbackForm.parse(form)).as(form)
                    .isInstanceOf(CallbackForm.MalformedException.class);
        }
        assertThatThrownBy(() -> CallbackForm.parse("a=1&".repeat(0) + manyFields()))
                .isInstanceOf(CallbackForm.MalformedException.class);
    }

    @Test
    void htmlIsJustText() throws Exception {
        assertThat(CallbackForm.parse("MessageStatus=%3Cscript%3Ealert(1)%3C%2Fscript%3E"))
                .containsEntry("MessageStatus", "<script>alert(1)</script>");
    }

    private static String manyFields() {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            form.append("f").append(i).append("=1&");
        }
        return form.toString();
    }
}
