package dev.dialtone.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    @Test
    void usernameIsExpiryColonUserAndPasswordIsBase64HmacSha1() {
        // Vector computed independently with Python's hmac module.
        TurnCredentials c = TurnCredentials.issue("0123456789abcdef-secret", "alice", Instant.ofEpochSecond(1_700_000_000),
                Duration.ofHours(1), List.of("turn:127.0.0.1:3478"));
        assertThat(c.username()).isEqualTo("1700003600:alice");
        assertThat(c.password()).isEqualTo("RdimA65Hn6XcpWiLB0HmFEQZlmY=");
        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_003_600));
        assertThat(c.ttlSeconds(Instant.ofEpochSecond(1_700_000_600))).isEqualTo(3000);
        assertThat(c.toString()).doesNotContain(c.password());
    }

    @Test
    void refusesUserNamesWithAColon() {
        assertThatThrownBy(() -> TurnCredentials.issue("0123456789abcdef-secret", "a:b", Instant.EPOCH, Duration.ofHours(1),
                List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
