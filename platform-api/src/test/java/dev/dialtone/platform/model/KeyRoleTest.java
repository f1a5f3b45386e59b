package dev.dialtone.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.http.platformapi.PlatformApiResource;

class KeyRoleTest {
    @Test
    void readOnlyPermitsExactlyTheGetMethods() {
        for (String method : PlatformApiResource.methodNames()) {
            assertThat(KeyRole.OWNER.permits(method)).as(method).isTrue();
            assertThat(KeyRole.READ_ONLY.permits(method)).as(method).isEqualTo(method.startsWith("Get"));
        }
        assertThat(KeyRole.READ_ONLY.permits("Getaway")).isFalse();
        assertThat(KeyRole.READ_ONLY.permits("Get")).isFalse();
        assertThat(KeyRole.READ_ONLY.permits("getRules")).isFalse();
        assertThat(KeyRole.READ_ONLY.permits("AddApplication")).isFalse();
    }

    @Test
    void parsesNativeAndOriginalNamesAndIds() {
        assertThat(KeyRole.parse("owner")).contains(KeyRole.OWNER);
        assertThat(KeyRole.parse("Owner")).contains(KeyRole.OWNER);
        assertThat(KeyRole.parse("1")).contains(KeyRole.OWNER);
        assertThat(KeyRole.parse("readonly")).contains(KeyRole.READ_ONLY);
        assertThat(KeyRole.parse("read_only")).contains(KeyRole.READ_ONLY);
        assertThat(KeyRole.parse(" 2 ")).contains(KeyRole.READ_ONLY);
        assertThat(KeyRole.parse("admin")).isEmpty();
    }
}
