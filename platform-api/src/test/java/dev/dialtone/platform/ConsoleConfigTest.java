package dev.dialtone.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConsoleConfigTest {
    @Test
    void theAdministratorPasswordComesFromTheEnvironmentAndIsNeverPrinted() {
        ConsoleConfig c = ConsoleConfig.fromEnv(Map.of("DIALTONE_ADMIN_PASSWORD", "a-long-enough-password"));
        assertThat(c.initialAdminPassword()).hasValue("a-long-enough-password");
        assertThat(c.toString()).doesNotContain("a-long-enough-password").contains("<set>");
        assertThat(ConsoleConfig.fromEnv(Map.of()).initialAdminPassword()).isEmpty();
        assertThat(ConsoleConfig.fromEnv(Map.of("DIALTONE_ADMIN_PASSWORD", "")).initialAdminPassword()).isEmpty();
    }

    @Test
    void refusesWeakPasswordsAndOddTimeouts() {
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(Map.of("DIALTONE_ADMIN_PASSWORD", "short")))
                .hasMessageContaining("DIALTONE_ADMIN_PASSWORD must be at least 12 characters long")
                .hasMessageNotContaining("short\"");
        assertThatThrownBy(() -> ConsoleConfig.DEFAULT.withInitialAdminPassword(Optional.of("twelve chars\u0007")))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> ConsoleConfig.DEFAULT.withTimeouts(Duration.ofSeconds(10), Duration.ofHours(1)))
                .hasMessageContaining("idle-timeout");
        assertThatThrownBy(() -> ConsoleConfig.DEFAULT.withTimeouts(Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("max-lifetime");
        assertThat(ConsoleConfig.passwordProblem("x".repeat(129))).contains("at most 128");
        assertThat(ConsoleConfig.passwordProblem("exactly-12ch")).isNull();
    }
}
