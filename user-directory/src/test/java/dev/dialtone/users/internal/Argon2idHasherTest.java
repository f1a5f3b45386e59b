package dev.dialtone.users.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

import dev.dialtone.users.PasswordHash;
import dev.dialtone.users.UsersConfig;

/** libargon2 and BouncyCastle compute the same argon2id, so hashes stored by either verify with the other. */
class Argon2idHasherTest {
    @Test
    void libargon2IsInstalledAndUsed() {
        // ./dialtone installs libargon2-1 with the node's packages: the fast library must be the one in use.
        assertThat(LibArgon2.available()).isTrue();
    }

    @Test
    void bothLibrariesDeriveTheSameBytes() {
        SecureRandom random = new SecureRandom();
        int[][] parameters = {{19_456, 2, 1}, {64, 1, 1}, {1_024, 3, 2}, {4_096, 1, 4}};
        for (int[] p : parameters) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            byte[] password = ("pässword-" + p[0]).getBytes(StandardCharsets.UTF_8);
            Argon2idHasher.Phc phc = new Argon2idHasher.Phc(p[0], p[1], p[2], salt, null);
            assertThat(Argon2idHasher.deriveNative(password, phc, 32)).as("m=%d t=%d p=%d", p[0], p[1], p[2])
                    .isEqualTo(Argon2idHasher.deriveJava(password, phc, 32));
        }
    }

    @Test
    void parametersTheLibraryRefusesNeverMatch() {
        // m=8 KiB with 4 lanes is below argon2's minimum of 8 KiB per lane: refused, so no match (and no exception).
        Argon2idHasher hasher = new Argon2idHasher(UsersConfig.forTests(), new SecureRandom());
        String phc = "$argon2id$v=19$m=8,t=1,p=4$c2FsdHNhbHRzYWx0$" + "A".repeat(43);
        assertThat(hasher.verify("password", new PasswordHash(phc))).isFalse();
    }
}
