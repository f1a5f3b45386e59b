package dev.dialtone.platform.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void parsesNameAndPositionalParams() throws Exception {
        Frame f = Frame.parse("{\"name\":\"login\",\"params\":[\"a@b.c.d\",\"pw\",{\"receiveCalls\":true}]}");
        assertThat(f.name()).isEqualTo("login");
        assertThat(f.string(0)).isEqualTo("a@b.c.d");
        assertThat(f.optObject(2).getBoolean("receiveCalls")).isTrue();
        assertThat(f.optObject(5)).isEmpty();
        assertThat(Frame.parse("{\"name\":\"__ping\"}").params()).isEmpty();
    }

    @Test
    void encodesAsTheProtocolExpects() {
        assertThat(Frame.of("__connectionSuccessful").encode()).isEqualTo("{\"name\":\"__connectionSuccessful\",\"params\":[]}");
        assertThat(Frame.of("loginFailed", 302, "k").encode()).isEqualTo("{\"name\":\"loginFailed\",\"params\":[302,\"k\"]}");
    }

    @Test
    void refusesWhatIsNotAFrameWithAMessage() {
        assertThatThrownBy(() -> Frame.parse("nope")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> Frame.parse("[1,2]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> Frame.parse("{\"params\":[]}")).hasMessageContaining("\"name\" must be a string");
        assertThatThrownBy(() -> Frame.parse("{\"name\":7}")).hasMessageContaining("\"name\" must be a string");
        assertThatThrownBy(() -> Frame.parse("{\"name\":\"" + "x".repeat(65) + "\"}")).hasMessageContaining("1..64");
        assertThatThrownBy(() -> Frame.parse("{\"name\":\"login\",\"params\":{}}")).hasMessageContaining("must be an array");
        assertThatThrownBy(() -> Frame.parse("{\"service\":\"chat\",\"event\":\"x\"}")).hasMessageContaining("messaging");
    }

    @Test
    void typedAccessorsSayWhichParameterIsWrong() throws Exception {
        Frame f = Frame.parse("{\"name\":\"login\",\"params\":[1,null,\"x\"]}");
        assertThatThrownBy(() -> f.string(0)).hasMessage("login: parameter 0 must be a string");
        assertThat(f.optString(1, "d")).isEqualTo("d");
        assertThatThrownBy(() -> f.optObject(2)).hasMessage("login: parameter 2 must be an object");
        assertThatThrownBy(() -> f.string(9)).hasMessage("login: parameter 9 must be a string");
    }

    @Test
    void loginMessagesParseIntoTypedRequestsWithoutSecretsInToString() throws Exception {
        LoginRequest pw = LoginRequest.parse(Frame.parse("{\"name\":\"login\",\"params\":[\"u@a.b.c\",\"s3cret-pw\",{}]}"));
        assertThat(pw).isEqualTo(new LoginRequest.Password("u@a.b.c", "s3cret-pw", false));
        assertThat(pw.toString()).doesNotContain("s3cret");
        LoginRequest tok = LoginRequest.parse(Frame.parse(
                "{\"name\":\"login\",\"params\":[\"u@a.b.c\",\"\",{\"serverPresenceControl\":false,\"accessToken\":\"tkn\"}]}"));
        assertThat(tok).isEqualTo(new LoginRequest.Token("u@a.b.c", "tkn", false));
        assertThat(LoginRequest.parse(Frame.parse("{\"name\":\"refreshOauthToken\",\"params\":[\"u\",{\"refreshToken\":\"r\"}]}")))
                .isEqualTo(new LoginRequest.Refresh("u", "r"));
        assertThat(LoginRequest.parse(Frame.parse("{\"name\":\"loginUsingOneTimeKey\",\"params\":[\"u\",\"h\",{}]}")))
                .isEqualTo(new LoginRequest.OneTimeKey("u", "h", false));
        assertThatThrownBy(() -> LoginRequest.parse(Frame.parse("{\"name\":\"refreshOauthToken\",\"params\":[\"u\",3]}")))
                .isInstanceOf(Frame.MalformedFrame.class);
    }
}
