package dev.dialtone.pstn.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StreamFramerTest {
    final List<String> messages = new ArrayList<>();
    final List<String> callIds = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int keepAlives;

    final StreamFramer framer = new StreamFramer(2_000, new StreamFramer.Sink() {
        @Override
        public void message(byte[] message, String callId) {
            messages.add(new String(message, StandardCharsets.UTF_8));
            callIds.add(callId);
        }

        @Override
        public void keepAlive() {
            keepAlives++;
        }

        @Override
        public void framingError(String headers, String why) {
            errors.add(why);
        }
    });

    void feed(String s) throws StreamFramer.FramingException {
        framer.feed(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesByContentLengthInAnySpelling() throws Exception {
        feed("OPTIONS sip:a SIP/2.0\r\ni: one\r\nl: 5\r\n\r\nhelloINVITE sip:b SIP/2.0\r\nCall-ID: two\r\nCONTENT-LENGTH  :  3\r\n\r\nabc");
        assertThat(messages).hasSize(2);
        assertThat(messages.getFirst()).endsWith("\r\n\r\nhello");
        assertThat(messages.get(1)).endsWith("\r\n\r\nabc");
        assertThat(callIds).containsExactly("one", "two");
    }

    @Test
    void waitsForTheWholeMessageAcrossReads() throws Exception {
        feed("BYE sip:a SIP/2.0\r\nContent-Len");
        feed("gth: 4\r\n\r\nab");
        assertThat(messages).isEmpty();
        feed("cd");
        assertThat(messages).hasSize(1);
    }

    @Test
    void skipsKeepAlivesAndReportsDoubleCrlf() throws Exception {
        feed("\r\n\r\n\r\nOPTIONS sip:a SIP/2.0\r\nl: 0\r\n\r\n");
        assertThat(keepAlives).isEqualTo(1);
        assertThat(messages).hasSize(1);
    }

    @Test
    void refusesStreamsItCannotFrame() {
        assertThatThrownBy(() -> feed("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n")).isInstanceOf(StreamFramer.FramingException.class);
        assertThat(errors.getLast()).contains("no Content-Length");
        assertThatThrownBy(() -> new StreamFramer(2_000, sink()).feed("A\r\nl: -9\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("bad Content-Length");
        assertThatThrownBy(() -> new StreamFramer(2_000, sink()).feed("A\r\nl: 1\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("conflicting");
        assertThatThrownBy(() -> new StreamFramer(2_000, sink()).feed("A\r\nl: 5000\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> new StreamFramer(2_000, sink()).feed(("A\r\nX: " + "y".repeat(3000)).getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("headers longer");
    }

    private static StreamFramer.Sink sink() {
        return new StreamFramer.Sink() {
            @Override
            public void message(byte[] message, String callId) {
            }

            @Override
            public void keepAlive() {
            }

            @Override
            public void framingError(String headers, String why) {
            }
        };
    }
}
