package dev.dialtone.users;

/**
 * Settings of the user directory ({@code dialtone.users.*}). Validated on construction.
 *
 * @param argon2MemoryKib   {@code dialtone.users.argon2.memory-kib}: argon2id memory cost in KiB
 * @param argon2Iterations  {@code dialtone.users.argon2.iterations}: argon2id time cost (passes)
 * @param argon2Parallelism {@code dialtone.users.argon2.parallelism}: argon2id lanes
 * @param minPasswordLength {@code dialtone.users.password.min-length}: shortest password accepted, in characters
 * @param maxPasswordLength {@code dialtone.users.password.max-length}: longest password accepted, in characters
 */
public record UsersConfig(int argon2MemoryKib, int argon2Iterations, int argon2Parallelism,
                          int minPasswordLength, int maxPasswordLength) {
    /** 19 MiB, two passes, one lane: the OWASP minimum recommendation for argon2id. */
    public static final int DEFAULT_ARGON2_MEMORY_KIB = 19_456;
    public static final int DEFAULT_ARGON2_ITERATIONS = 2;
    public static final int DEFAULT_ARGON2_PARALLELISM = 1;
    public static final int DEFAULT_MIN_PASSWORD_LENGTH = 8;
    public static final int DEFAULT_MAX_PASSWORD_LENGTH = 128;

    public static final UsersConfig DEFAULT = new UsersConfig(DEFAULT_ARGON2_MEMORY_KIB, DEFAULT_ARGON2_ITERATIONS,
            DEFAULT_ARGON2_PARALLELISM, DEFAULT_MIN_PASSWORD_LENGTH, DEFAULT_MAX_PASSWORD_LENGTH);

    public UsersConfig {
        if (argon2MemoryKib < 8 * argon2Parallelism || argon2MemoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("argon2.memory-kib must be 8*parallelism..4194304: " + argon2MemoryKib);
        }
        if (argon2Iterations < 1 || argon2Iterations > 100) {
            throw new IllegalArgumentException("argon2.iterations must be 1..100: " + argon2Iterations);
        }
        if (argon2Parallelism < 1 || argon2Parallelism > 64) {
            throw new IllegalArgumentException("argon2.parallelism must be 1..64: " + argon2Parallelism);
        }
        if (minPasswordLength < 1 || maxPasswordLength < minPasswordLength || maxPasswordLength > 4096) {
            throw new IllegalArgumentException("password lengths must satisfy 1 <= min-length <= max-length <= 4096: "
                    + minPasswordLength + ".." + maxPasswordLength);
        }
    }

    /** Cheap hashing for tests that create many users; never use it in production. */
    public static UsersConfig forTests() {
        return new UsersConfig(64, 1, 1, DEFAULT_MIN_PASSWORD_LENGTH, DEFAULT_MAX_PASSWORD_LENGTH);
    }
}
