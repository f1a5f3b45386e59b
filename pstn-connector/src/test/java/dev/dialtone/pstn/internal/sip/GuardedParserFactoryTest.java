package dev.dialtone.pstn.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class GuardedParserFactoryTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheVersionAsWritten() {
        assertThat(GuardedParserFactory.firstLineVersion(b("\r\nOPTIONS sip:a SIP/7.0\r\nVia: x\r\n"))).isEqualTo("SIP/7.0");
        assertThat(GuardedParserFactory.firstLineVersion(b("OPTIONS sip:a sip/2.0  \r\n"))).isEqualTo("SIP/2.0");
    }

    @Test
    void findsDuplicatedSingleValueHeaders() {
        assertThat(GuardedParserFactory.duplicateSingleton(b("INVITE sip:a SIP/2.0\r\nl: 3\r\nContent-Length: 3\r\n\r\nabc")))
                .isEqualTo("Content-Length");
        assertThat(GuardedParserFactory.duplicateSingleton(b("INVITE sip:a SIP/2.0\r\nTo: a\r\nt: b\r\n\r\n"))).isEqualTo("To");
        assertThat(GuardedParserFactory.duplicateSingleton(b("INVITE sip:a SIP/2.0\r\nVia: a\r\nVia: b\r\nTo: x\r\n  t: folded\r\n\r\nTo: body")))
                .isNull();
    }
}
