package dev.dialtone.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void audioFrameMustHoldExactlyOneTwentyMillisecondFrame() {
        assertThatThrownBy(() -> AudioFrame.wrap(new short[159])).isInstanceOf(IllegalArgumentException.class);
        short[] samples = new short[AudioFrame.SAMPLES];
        samples[7] = 1000;
        AudioFrame frame = AudioFrame.wrap(samples);
        assertThat(frame.isSilent()).isFalse();
        assertThat(AudioFrame.silence().isSilent()).isTrue();
        int[] acc = new int[AudioFrame.SAMPLES];
        frame.addTo(acc);
        frame.addTo(acc);
        assertThat(acc[7]).isEqualTo(2000);
        assertThat(frame.energy()).isEqualTo(1000.0 * 1000 / AudioFrame.SAMPLES);
    }

    @Test
    void callInfoKeepsHeaderOrderAndIsImmutable() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Conference-Id", "42");
        headers.put("VI-CallData", "data");
        CallInfo info = new CallInfo(CallId.random(), CallDirection.INBOUND, ClientType.WEB,
                "alice", "Alice", "joinconf", headers);
        headers.put("X-Late", "no");

        assertThat(info.headers().keySet()).containsExactly("X-Conference-Id", "VI-CallData");
        assertThat(info.incoming()).isTrue();
        assertThatThrownBy(() -> info.headers().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toneEventsAcceptOnlyDtmfDigits() {
        assertThat(new CallEvent.ToneReceived('#', Duration.ofMillis(80), ToneSource.RTP_EVENT).tone()).isEqualTo('#');
        assertThatThrownBy(() -> new CallEvent.ToneReceived('E', Duration.ZERO, ToneSource.IN_BAND))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresCarryAnErrorClassCode() {
        assertThatThrownBy(() -> new CallEvent.Failed(200, "OK", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CallEvent.Failed(603, "Decline", Map.of()).code()).isEqualTo(603);
    }

    @Test
    void voiceCatalogHasTheVoicesSamplesUse() {
        assertThat(Voices.byName("UK_ENGLISH_FEMALE")).get()
                .satisfies(v -> {
                    assertThat(v.languageTag()).isEqualTo("en-GB");
                    assertThat(v.gender()).isEqualTo(Voice.Gender.FEMALE);
                    assertThat(v.language()).isEqualTo("en");
                });
        assertThat(Voices.all()).extracting(Voice::name).doesNotHaveDuplicates().contains("US_ENGLISH_MALE");
        assertThat(Voices.byName("NO_SUCH_VOICE")).isEmpty();
    }

    @Test
    void idsRejectNonsense() {
        assertThatThrownBy(() -> new AccountId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionId(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CallId.random()).isNotEqualTo(CallId.random());
    }
}
