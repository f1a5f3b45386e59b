package dev.dialtone.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SdkConfigTest {
    @Test
    void defaultsAreValidAndHandOutNoTurn() {
        assertThat(SdkConfig.DEFAULT.turnSecret()).isEmpty();
        assertThat(SdkConfig.DEFAULT.iceUris()).isEmpty();
        assertThat(SdkConfig.fromEnv(Map.of())).isEqualTo(SdkConfig.DEFAULT);
    }

    @Test
    void readsTurnFromTheEnvironmentAndNeverPrintsTheSecret() {
        SdkConfig c = SdkConfig.fromEnv(Map.of(SdkConfig.TURN_SECRET_ENV, "a-long-enough-secret",
                SdkConfig.TURN_URIS_ENV, "turn:turn.example.com:3478?transport=udp, stun:turn.example.com:3478"));
        assertThat(c.turnSecret()).contains("a-long-enough-secret");
        assertThat(c.iceUris()).containsExactly("turn:turn.example.com:3478?transport=udp", "stun:turn.example.com:3478");
        assertThat(c.toString()).doesNotContain("a-long-enough-secret");
    }

    @Test
    void refusesBadValuesWithTheKeyName() {
        assertThatThrownBy(() -> SdkConfig.DEFAULT.withIce(Optional.of("short"), List.of("turn:x:3478"), Duration.ofHours(1)))
                .hasMessageContaining("sdk.turn-secret");
        assertThatThrownBy(() -> SdkConfig.DEFAULT.withIce(Optional.of("a-long-enough-secret"), List.of("stun:x:3478"),
                Duration.ofHours(1))).hasMessageContaining("no turn:");
        assertThatThrownBy(() -> SdkConfig.DEFAULT.withIce(Optional.empty(), List.of("http://x"), Duration.ofHours(1)))
                .hasMessageContaining("sdk.ice-uris");
        assertThatThrownBy(() -> SdkConfig.DEFAULT.withFrameLimits(100, 10, 20)).hasMessageContaining("sdk.max-frame-bytes");
        assertThatThrownBy(() -> SdkConfig.DEFAULT.withFrameLimits(65536, 10, 5)).hasMessageContaining("sdk.frame-burst");
        assertThatThrownBy(() -> SdkConfig.DEFAULT.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("sdk.idle-timeout");
    }
}
