package dev.dialtone.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class NodeConfigTest {
    @Test
    void defaultsMatchTheDocumentedFlags() {
        NodeConfig c = NodeConfig.fromArgs(List.of(), Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.sipPort()).isEqualTo(5060);
        assertThat(c.httpsPort()).isEqualTo(8443);
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.dbUrl()).isEmpty();
        assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxScenarioChars()).isEqualTo(256 * 1024);
    }

    @Test
    void parsesFlagsAndEnvironment() {
        NodeConfig c = NodeConfig.fromArgs(List.of("--http-port", "9090", "--sip-port=5070", "--https-port", "9443",
                "--data-dir", "/tmp/x"), Map.of("DIALTONE_DB_URL", "jdbc:postgresql://db:5432/dialtone",
                "DIALTONE_BOOTSTRAP_API_KEY", "0123456789abcdef0123"));
        assertThat(c.httpPort()).isEqualTo(9090);
        assertThat(c.sipPort()).isEqualTo(5070);
        assertThat(c.httpsPort()).isEqualTo(9443);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.dbUrl()).hasValue("jdbc:postgresql://db:5432/dialtone");
        assertThat(c.bootstrapApiKey()).hasValue("0123456789abcdef0123");
        assertThat(c.toString()).doesNotContain("0123456789abcdef0123");
        assertThat(NodeConfig.fromArgs(List.of("--db-url", "postgresql://u:p@h/db"), Map.of("DIALTONE_DB_URL", "jdbc:postgresql://x/y"))
                .dbUrl()).hasValue("postgresql://u:p@h/db");
    }

    @Test
    void scenariosReachPrivateAddressesOnlyWhenTurnedOn() {
        assertThat(NodeConfig.fromArgs(List.of(), Map.of()).scenario().net().allowPrivateAddresses()).isFalse();
        assertThat(NodeConfig.fromArgs(List.of("--scenario-private-net", "true"), Map.of()).scenario().net().allowPrivateAddresses())
                .isTrue();
        assertThat(NodeConfig.fromArgs(List.of(), Map.of("DIALTONE_SCENARIO_PRIVATE_NET", "true")).scenario().net()
                .allowPrivateAddresses()).isTrue();
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--scenario-private-net", "maybe"), Map.of()))
                .hasMessageContaining("--scenario-private-net");
    }

    @Test
    void playbackFetchesFromPrivateServersOnlyWhenListed() {
        assertThat(NodeConfig.fromArgs(List.of(), Map.of()).media().fetchAllowList()).isEmpty();
        assertThat(NodeConfig.fromArgs(List.of("--media-fetch-allow-list", "127.0.0.1:8080, 10.1.0.0/16"), Map.of()).media()
                .fetchAllowList()).containsExactly("127.0.0.1:8080", "10.1.0.0/16");
        assertThat(NodeConfig.fromArgs(List.of(), Map.of("DIALTONE_MEDIA_FETCH_ALLOW_LIST", "192.168.1.5:80")).media()
                .fetchAllowList()).containsExactly("192.168.1.5:80");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--media-fetch-allow-list", "localhost"), Map.of()))
                .hasMessageStartingWith("--media-fetch-allow-list: ");
    }

    @Test
    void sessionLogSettingsAreFlags() {
        NodeConfig c = NodeConfig.fromArgs(List.of("--session-log-retention-days", "7", "--session-log-queue=500",
                "--session-log-batch", "50", "--session-log-linger-ms", "0"), Map.of());
        assertThat(c.sessions()).isEqualTo(new SessionsConfig(Duration.ofDays(7), 500, 50, Duration.ZERO));
        assertThat(NodeConfig.fromArgs(List.of(), Map.of()).sessions()).isEqualTo(SessionsConfig.DEFAULT);
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--session-log-linger-ms", "5000"), Map.of()))
                .hasMessageContaining("--session-log-linger-ms must be 0..1000");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--session-log-batch", "-1"), Map.of()))
                .hasMessageContaining("--session-log-batch must be a positive whole number");
    }

    @Test
    void theScenarioDelayAtWhichSipCallsAreRefusedIsAFlag() {
        assertThat(NodeConfig.fromArgs(List.of(), Map.of()).pstn().maxScenarioDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(NodeConfig.fromArgs(List.of("--sip-max-scenario-delay-ms", "250"), Map.of()).pstn().maxScenarioDelay())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(NodeConfig.fromArgs(List.of("--sip-max-scenario-delay-ms=0"), Map.of()).pstn().maxScenarioDelay()).isZero();
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--sip-max-scenario-delay-ms", "-5"), Map.of()))
                .hasMessageContaining("--sip-max-scenario-delay-ms must be a whole number of milliseconds from 0 (off)");
    }

    @Test
    void silenceSuppressionIsAFlagOrTheEnvironment() {
        assertThat(NodeConfig.fromArgs(List.of(), Map.of()).media().silenceSuppression()).isFalse();
        assertThat(NodeConfig.fromArgs(List.of("--media-silence-suppression", "true"), Map.of()).media().silenceSuppression()).isTrue();
        assertThat(NodeConfig.fromArgs(List.of(), Map.of("DIALTONE_MEDIA_SILENCE_SUPPRESSION", "true")).media().silenceSuppression())
                .isTrue();
        assertThat(NodeConfig.fromArgs(List.of("--media-silence-suppression=false"),
                Map.of("DIALTONE_MEDIA_SILENCE_SUPPRESSION", "true")).media().silenceSuppression()).isFalse();
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--media-silence-suppression", "maybe"), Map.of()))
                .hasMessageContaining("--media-silence-suppression");
    }

    @Test
    void refusesBadFlagsWithAMessage() {
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--http-port", "eighty"), Map.of()))
                .hasMessageContaining("--http-port must be a port number");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--colour", "red"), Map.of())).hasMessageContaining("unknown flag --colour");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--db-url", "mysql://x"), Map.of())).hasMessageContaining("PostgreSQL");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of(), Map.of("DIALTONE_BOOTSTRAP_API_KEY", "short")))
                .hasMessageContaining("16 to 200");
        assertThatThrownBy(() -> NodeConfig.defaults(Path.of("d")).withBootstrapApiKey(Optional.of("has space in the key!!")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void httpsIsOnByDefaultWithASelfSignedCertificateAndHttpCanBeTurnedOff() {
        NodeConfig c = NodeConfig.fromArgs(List.of(), Map.of());
        assertThat(c.httpEnabled()).isTrue();
        assertThat(c.httpsEnabled()).isTrue();
        assertThat(c.tls().selfSigned()).isTrue();
        assertThat(c.jwt()).isEqualTo(JwtConfig.DEFAULT);
        assertThat(c.jwt().maxLifetime()).hasSeconds(3600);

        NodeConfig off = NodeConfig.fromArgs(List.of("--http-enabled", "false", "--tls-cert", "/etc/c.pem", "--tls-key=/etc/k.pem"), Map.of());
        assertThat(off.httpEnabled()).isFalse();
        assertThat(off.tls().certFile()).hasValue(Path.of("/etc/c.pem"));
        assertThat(off.tls().keyFile()).hasValue(Path.of("/etc/k.pem"));
        assertThat(off.toString()).contains("http=0.0.0.0:off").contains("/etc/c.pem");

        NodeConfig env = NodeConfig.fromArgs(List.of(), Map.of("DIALTONE_HTTP_ENABLED", "no", "DIALTONE_TLS_CERT", "c.pem",
                "DIALTONE_TLS_KEY", "k.pem"));
        assertThat(env.httpEnabled()).isFalse();
        assertThat(env.tls().selfSigned()).isFalse();
        assertThat(NodeConfig.fromArgs(List.of("--http-enabled", "true"), Map.of("DIALTONE_HTTP_ENABLED", "false")).httpEnabled()).isTrue();
    }

    @Test
    void refusesInconsistentHttpAndTlsSettings() {
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--http-enabled", "false", "--https-enabled", "false"), Map.of()))
                .hasMessageContaining("both disabled");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--http-port", "9000", "--https-port", "9000"), Map.of()))
                .hasMessageContaining("different ports");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--tls-cert", "c.pem"), Map.of())).hasMessageContaining("go together");
        assertThatThrownBy(() -> NodeConfig.fromArgs(List.of("--https-enabled", "maybe"), Map.of()))
                .hasMessageContaining("--https-enabled must be true or false");
        assertThatThrownBy(() -> new JwtConfig(java.time.Duration.ofDays(2), JwtConfig.DEFAULT_CLOCK_SKEW))
                .hasMessageContaining("max-lifetime");
        assertThatThrownBy(() -> new JwtConfig(JwtConfig.DEFAULT_MAX_LIFETIME, java.time.Duration.ofSeconds(-1)))
                .hasMessageContaining("clock-skew");
    }
}
