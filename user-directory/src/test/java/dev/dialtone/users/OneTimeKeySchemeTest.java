package dev.dialtone.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneTimeKeySchemeTest {
    // Vectors computed independently with Python's hashlib.
    private static final String DIGEST = "1fa88a2c4a778c0effd8bf36bdd27c10";
    private static final String HASH = "5dbf33e1a574bc040649cdd6651b75ad";

    @Test
    void userDigestIsMd5OfUserRealmAndPassword() {
        assertThat(OneTimeKeyScheme.userDigest(new UserName("alice"), "correct horse")).isEqualTo(DIGEST);
    }

    @Test
    void expectedHashIsMd5OfKeyBarDigest() {
        assertThat(OneTimeKeyScheme.expectedHash("5f2c1e", DIGEST)).isEqualTo(HASH);
    }

    @Test
    void matchesAcceptsTheRightHashInEitherCaseAndNothingElse() {
        assertThat(OneTimeKeyScheme.matches("5f2c1e", DIGEST, HASH)).isTrue();
        assertThat(OneTimeKeyScheme.matches("5f2c1e", DIGEST, HASH.toUpperCase())).isTrue();
        assertThat(OneTimeKeyScheme.matches("5f2c1f", DIGEST, HASH)).isFalse();
        assertThat(OneTimeKeyScheme.matches("5f2c1e", DIGEST, HASH.substring(1))).isFalse();
        assertThat(OneTimeKeyScheme.matches("5f2c1e", DIGEST, null)).isFalse();
    }
}
