package dev.dialtone.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.PlatformException;

class MultipartFormTest {
    private static final String TYPE = "multipart/form-data; boundary=--------------------------123456789012345678901234";
    private static final String B = "----------------------------123456789012345678901234";

    private static MultipartForm parse(String type, String body) throws PlatformException {
        return MultipartForm.parse(type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String type, String body) {
        try {
            parse(type, body);
        } catch (PlatformException e) {
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.INVALID);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void readsWhatTheOriginalsNodeClientSends() throws Exception {
        String body = B + "\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nAddRule\r\n"
                + B + "\r\nContent-Disposition: form-data; name=\"rule_pattern\"\r\n\r\n.*\r\n--\r\n"
                + B + "\r\nContent-Disposition: form-data; name=\"scenario_script\"; filename=\"a.js\"\r\nContent-Type: text/plain\r\n\r\n"
                + "say('héllo');\r\n" + B + "--\r\n";
        MultipartForm form = parse(TYPE, body);
        assertThat(form.fields()).containsExactly(new MultipartForm.Field("cmd", "AddRule"),
                new MultipartForm.Field("rule_pattern", ".*\r\n--"), new MultipartForm.Field("scenario_script", "say('héllo');"));
    }

    @Test
    void acceptsQuotedBoundariesPreambleEpilogueAndEmptyForms() throws Exception {
        assertThat(parse("multipart/form-data; boundary=\"a b\"", "preamble\r\n--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n"
                + "1\r\n--a b--\r\nepilogue").fields()).containsExactly(new MultipartForm.Field("x", "1"));
        assertThat(parse("multipart/form-data; boundary=z", "--z--\r\n").fields()).isEmpty();
        assertThat(parse("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=\"a\\\"b\"\r\n\r\n\r\n--z--")
                .fields()).containsExactly(new MultipartForm.Field("a\"b", ""));
    }

    @Test
    void refusesMalformedBodiesSayingWhy() {
        assertThat(refusal("multipart/form-data", "--z--")).contains("no boundary parameter");
        assertThat(refusal("multipart/form-data; boundary=", "--z--")).contains("1 to 70");
        assertThat(refusal("multipart/form-data; boundary=z", "not multipart")).contains("does not contain the boundary");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue"))
                .contains("ends inside part 'a'");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--z"))
                .contains("without the closing");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a")).contains("no end of headers");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\n\r\nvalue\r\n--z--")).contains("has no headers");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Type: text/plain\r\n\r\nv\r\n--z--"))
                .contains("no Content-Disposition");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--z--"))
                .contains("not form-data");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data\r\n\r\nv\r\n--z--")).contains("no name");
        assertThat(refusal("multipart/form-data; boundary=z", "--zjunk\r\n")).contains("other than a line break");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nbroken header\r\n\r\nv\r\n--z--")).contains("not a header");
        byte[] latin1 = "--z\r\nContent-Disposition: form-data; name=a\r\n\r\n\u00e9\r\n--z--".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> MultipartForm.parse("multipart/form-data; boundary=z", latin1)).hasMessageContaining("not UTF-8");
        assertThat(refusal("multipart/form-data; boundary=z", "--z\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n".repeat(1001)
                + "--z--")).contains("more than 1000 parts");
    }
}
