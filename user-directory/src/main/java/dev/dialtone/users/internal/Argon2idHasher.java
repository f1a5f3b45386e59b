package dev.dialtone.users.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import dev.dialtone.users.PasswordHash;
import dev.dialtone.users.UsersConfig;

/** argon2id (RFC 9106) through the system's libargon2 or else BouncyCastle (the same bytes), encoded as a PHC string. */
public final class Argon2idHasher {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final UsersConfig config;
    private final SecureRandom random;

    public Argon2idHasher(UsersConfig config, SecureRandom random) {
        this.config = config;
        this.random = random;
    }

    public PasswordHash hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Phc phc = new Phc(config.argon2MemoryKib(), config.argon2Iterations(), config.argon2Parallelism(), salt, null);
        byte[] hash = derive(password, phc, HASH_BYTES);
        return new PasswordHash(new Phc(phc.memoryKib, phc.iterations, phc.parallelism, salt, hash).encode());
    }

    public boolean verify(String password, PasswordHash stored) {
        Optional<Phc> parsed = Phc.decode(stored.phc());
        if (parsed.isEmpty()) {
            return false;
        }
        Phc phc = parsed.get();
        byte[] actual;
        try {
            actual = derive(password, phc, phc.hash.length);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return false; // parameters the library refuses: a malformed stored hash never matches
        }
        return MessageDigest.isEqual(actual, phc.hash);
    }

    public boolean needsRehash(PasswordHash stored) {
        return Phc.decode(stored.phc())
                .map(p -> p.memoryKib != config.argon2MemoryKib() || p.iterations != config.argon2Iterations()
                        || p.parallelism != config.argon2Parallelism() || p.hash.length != HASH_BYTES)
                .orElse(true);
    }

    private static byte[] derive(String password, Phc phc, int length) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return LibArgon2.available() ? deriveNative(secret, phc, length) : deriveJava(secret, phc, length);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    static byte[] deriveNative(byte[] secret, Phc phc, int length) {
        byte[] out = new byte[length];
        int rc = LibArgon2.argon2id_hash_raw(phc.iterations, phc.memoryKib, phc.parallelism, secret, secret.length, phc.salt,
                phc.salt.length, out, length);
        if (rc != LibArgon2.OK) {
            throw new IllegalStateException("libargon2 refused the parameters of a stored hash: error " + rc);
        }
        return out;
    }

    static byte[] deriveJava(byte[] secret, Phc phc, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(phc.memoryKib)
                .withIterations(phc.iterations)
                .withParallelism(phc.parallelism)
                .withSalt(phc.salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(secret, out);
        return out;
    }

    /** {@code $argon2id$v=19$m=<kib>,t=<iterations>,p=<lanes>$<salt>$<hash>} */
    record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        String encode() {
            return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                    + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        }

        static Optional<Phc> decode(String s) {
            String[] parts = s.split("\\$", -1);
            if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
                return Optional.empty();
            }
            try {
                int m = -1;
                int t = -1;
                int p = -1;
                for (String kv : parts[3].split(",")) {
                    String[] pair = kv.split("=", 2);
                    if (pair.length != 2) {
                        return Optional.empty();
                    }
                    int v = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = v;
                        case "t" -> t = v;
                        case "p" -> p = v;
                        default -> {
                            return Optional.empty();
                        }
                    }
                }
                byte[] salt = B64D.decode(parts[4]);
                byte[] hash = B64D.decode(parts[5]);
                if (m < 8 || t < 1 || p < 1 || p > 64 || salt.length < 8 || hash.length < 16 || m > 4 * 1024 * 1024) {
                    return Optional.empty();
                }
                return Optional.of(new Phc(m, t, p, salt, hash));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
