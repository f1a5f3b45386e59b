package dev.dialtone.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class UserDirectoryTest {
    private final UserDirectory directory = UserDirectory.create(UsersConfig.forTests(), new SecureRandom());

    @Test
    void hashesToPhcStringAndVerifiesOnlyTheRightPassword() throws UsersException {
        PasswordHash hash = directory.hashPassword("correct horse battery");
        assertThat(hash.phc()).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(hash.phc()).doesNotContain("correct");
        assertThat(directory.verifyPassword("correct horse battery", hash)).isTrue();
        assertThat(directory.verifyPassword("correct horse batterY", hash)).isFalse();
        assertThat(directory.verifyPassword("", hash)).isFalse();
        assertThat(directory.verifyPassword(null, hash)).isFalse();
    }

    @Test
    void noPasswordMatchesTheHashOfAUserWithoutOne() throws UsersException {
        PasswordHash none = directory.noPassword();
        assertThat(none.phc()).startsWith("$none$").isNotEqualTo(directory.noPassword().phc());
        for (String attempt : new String[] {"", "$none$", none.phc(), none.phc().substring(6), "correct horse battery"}) {
            assertThat(directory.verifyPassword(attempt, none)).as(attempt).isFalse();
        }
        assertThat(directory.needsRehash(none)).isTrue(); // a real password replaces it whenever one is set
    }

    @Test
    void saltsEveryHash() throws UsersException {
        assertThat(directory.hashPassword("same password")).isNotEqualTo(directory.hashPassword("same password"));
    }

    @Test
    void usesDefaultArgon2ParametersAndRehashesOldOnes() throws UsersException {
        UserDirectory production = UserDirectory.create(UsersConfig.DEFAULT, new SecureRandom());
        PasswordHash hash = production.hashPassword("pässwörd-ünïcode");
        assertThat(hash.phc()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(production.verifyPassword("pässwörd-ünïcode", hash)).isTrue();
        assertThat(production.needsRehash(hash)).isFalse();
        assertThat(production.needsRehash(directory.hashPassword("cheap hash"))).isTrue();
    }

    @Test
    void verifiesHashesMadeWithOtherParameters() throws UsersException {
        PasswordHash cheap = directory.hashPassword("portable secret");
        UserDirectory production = UserDirectory.create(UsersConfig.DEFAULT, new SecureRandom());
        assertThat(production.verifyPassword("portable secret", cheap)).isTrue();
    }

    @Test
    void malformedStoredHashNeverMatches() {
        for (String phc : new String[] {"$argon2id$v=19$m=64,t=1,p=1$AAAA", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
                "$argon2id$v=19$m=x,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "$bcrypt$whatever"}) {
            assertThat(directory.verifyPassword("anything", new PasswordHash(phc))).as(phc).isFalse();
        }
    }

    @Test
    void refusesPasswordsOutsideThePolicyWithoutEchoingThem() {
        assertThatThrownBy(() -> directory.hashPassword("short1!"))
                .isInstanceOf(UsersException.class).hasMessageContaining("at least 8").hasMessageNotContaining("short1!");
        assertThatThrownBy(() -> directory.hashPassword("x".repeat(129))).hasMessageContaining("at most 128");
        assertThatThrownBy(() -> directory.hashPassword("has\u0000null")).hasMessageContaining("control");
    }

    @Test
    void validatesUserNamesInTheOriginalFormat() throws UsersException {
        assertThat(directory.userName("alice_01").value()).isEqualTo("alice_01");
        assertThat(directory.userName("007").value()).isEqualTo("007");
        for (String bad : new String[] {"", "ab", "Alice", "-alice", "al ice", "al\nice", "a".repeat(51), "élise"}) {
            assertThatThrownBy(() -> directory.userName(bad)).as(bad).isInstanceOf(UsersException.class)
                    .satisfies(e -> assertThat(((UsersException) e).field()).isEqualTo("user_name"));
        }
    }

    @Test
    void validatesDisplayNames() throws UsersException {
        assertThat(directory.displayName("Zoë Ångström 👩‍🚀").value()).isEqualTo("Zoë Ångström 👩‍🚀");
        assertThatThrownBy(() -> directory.displayName("   ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> directory.displayName("x".repeat(256))).hasMessageContaining("limit is 255");
        assertThatThrownBy(() -> directory.displayName("Bob\u0007")).hasMessageContaining("U+0007");
        assertThatThrownBy(() -> directory.displayName("evil\u202Egnp.exe")).hasMessageContaining("U+202E");
    }

    @Test
    void configRefusesNonsense() {
        assertThatThrownBy(() -> new UsersConfig(4, 1, 1, 8, 128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsersConfig(64, 0, 1, 8, 128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsersConfig(64, 1, 1, 9, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
