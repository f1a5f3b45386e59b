package dev.dialtone.platform.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class UserAddressTest {
    private static final List<String> EXTRA = List.of("voximplant.com");

    @Test
    void parsesUserApplicationAndAccountUnderTheNodeDomainOrAnExtraOne() {
        assertThat(UserAddress.parse("alice@conf.acme.dialtone.local", "dialtone.local", EXTRA))
                .contains(new UserAddress("alice", "conf", "acme"));
        assertThat(UserAddress.parse("alice@conf.acme.voximplant.com", "dialtone.local", EXTRA))
                .contains(new UserAddress("alice", "conf", "acme"));
        assertThat(UserAddress.parse("alice@Conf.Acme.Dialtone.Local", "dialtone.local", EXTRA))
                .contains(new UserAddress("alice", "conf", "acme"));
    }

    @Test
    void refusesOtherShapes() {
        for (String bad : new String[] {"alice", "@conf.acme.dialtone.local", "alice@conf.dialtone.local",
                "alice@x.conf.acme.dialtone.local", "alice@conf.acme.example.com", "a@b@conf.acme.dialtone.local",
                "alice@.acme.dialtone.local", "alice@conf..dialtone.local"}) {
            assertThat(UserAddress.parse(bad, "dialtone.local", EXTRA)).as(bad).isEmpty();
        }
        assertThat(UserAddress.parse(null, "dialtone.local", EXTRA)).isEmpty();
    }
}
