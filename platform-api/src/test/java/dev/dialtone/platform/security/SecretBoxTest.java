package dev.dialtone.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    @Test
    void encryptsWithAKeyKeptInTheDataDir(@TempDir Path dir) throws Exception {
        SecretBox box = SecretBox.open(dir, new SecureRandom());
        String sealed = box.encrypt("trunk password");
        assertThat(sealed).startsWith("v1:").doesNotContain("trunk password");
        assertThat(box.encrypt("trunk password")).isNotEqualTo(sealed);
        assertThat(SecretBox.open(dir, new SecureRandom()).decrypt(sealed)).isEqualTo("trunk password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SecretBox.KEY_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void refusesAlteredCiphertextsAndOtherKeys(@TempDir Path a, @TempDir Path b) throws Exception {
        String sealed = SecretBox.open(a, new SecureRandom()).encrypt("secret");
        assertThatThrownBy(() -> SecretBox.open(b, new SecureRandom()).decrypt(sealed)).isInstanceOf(GeneralSecurityException.class);
        char[] c = sealed.toCharArray();
        c[10] = c[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> SecretBox.open(a, new SecureRandom()).decrypt(new String(c))).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void apiKeysAreRandomAndStoredAsSha256() {
        ApiKeys keys = new ApiKeys(new SecureRandom());
        String k = keys.generate();
        assertThat(k).startsWith("dt_").hasSize(46).isNotEqualTo(keys.generate());
        assertThat(ApiKeys.hash(k)).hasSize(64).doesNotContain(k);
        assertThat(ApiKeys.matches(k, ApiKeys.hash(k))).isTrue();
        assertThat(ApiKeys.matches(k + "x", ApiKeys.hash(k))).isFalse();
    }
}
