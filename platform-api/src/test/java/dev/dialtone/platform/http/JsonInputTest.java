package dev.dialtone.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.PlatformException;

class JsonInputTest {
    @Test
    void readsTypedFieldsAndRefusesUnknownOnes() throws PlatformException {
        JsonInput in = JsonInput.parse("{\"name\":\"a\",\"ids\":[1,2],\"on\":true,\"n\":7}");
        assertThat(in.requireString("name")).isEqualTo("a");
        assertThat(in.optIdList("ids")).hasValue(java.util.List.of(1L, 2L));
        assertThat(in.optBoolean("on")).hasValue(true);
        assertThatThrownBy(in::done).hasMessageContaining("unknown field 'n'");
        assertThat(in.optLong("n")).hasValue(7L);
        in.done();
    }

    @Test
    void explainsWrongTypes() {
        assertThatThrownBy(() -> JsonInput.parse("{\"name\":1}").requireString("name")).hasMessage("name must be a string, not a number");
        assertThatThrownBy(() -> JsonInput.parse("{\"on\":\"yes\"}").optBoolean("on")).hasMessage("on must be true or false, not a string");
        assertThatThrownBy(() -> JsonInput.parse("{\"n\":1.5}").optLong("n")).hasMessage("n must be an integer, not a number");
        assertThatThrownBy(() -> JsonInput.parse("{\"ids\":[1,\"2\"]}").optIdList("ids")).hasMessageContaining("found a string");
        assertThatThrownBy(() -> JsonInput.parse("{\"ids\":[0]}").optIdList("ids")).hasMessageContaining("positive");
        assertThatThrownBy(() -> JsonInput.parse("{}").requireString("name")).hasMessage("name is required");
    }

    @Test
    void refusesBodiesThatAreNotObjects() {
        assertThatThrownBy(() -> JsonInput.parse("")).hasMessageContaining("needs a JSON object");
        assertThatThrownBy(() -> JsonInput.parse("[]")).hasMessageContaining("not an array");
        assertThatThrownBy(() -> JsonInput.parse("{\"a\":")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonInput.parse("\"x\"")).hasMessageContaining("not a string");
    }

    @Test
    void routeTemplatesBecomeAnchoredRegexes() {
        String re = ApiRoutes.regex("/api/v1/applications/{application_id}/rules:match");
        assertThat("/api/v1/applications/12/rules:match").matches(re);
        assertThat("/api/v1/applications/12/rules").doesNotMatch(re);
        assertThat("/api/v1/applications/12/x/rules:match").doesNotMatch(re);
    }
}
