package dev.dialtone.users.internal;

import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's libargon2 (Debian {@code libargon2-1}, the reference implementation), bound with JNA: about twice
 * as fast as BouncyCastle's argon2 here, and the same bytes for the same input. If the library is missing (or
 * {@code -Ddialtone.users.argon2=java}), {@link #available()} is false and the hasher uses BouncyCastle.
 */
final class LibArgon2 {
    private static final Logger LOG = LoggerFactory.getLogger(LibArgon2.class);
    static final int OK = 0;
    private static final boolean AVAILABLE = load();

    private LibArgon2() {
    }

    /** argon2id, version 0x13, raw output; sizes are {@code size_t} (64-bit on the Linux amd64 the node runs on). */
    static native int argon2id_hash_raw(int iterations, int memoryKib, int parallelism, byte[] password, long passwordLength,
                                        byte[] salt, long saltLength, byte[] hash, long hashLength);

    private static boolean load() {
        if ("java".equalsIgnoreCase(System.getProperty("dialtone.users.argon2", ""))) {
            return false;
        }
        try {
            Native.register(LibArgon2.class, "argon2");
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.info("libargon2 not found ({}); passwords are hashed with BouncyCastle (install libargon2-1 for about "
                    + "twice the speed)", e.toString());
            return false;
        }
    }

    static boolean available() {
        return AVAILABLE;
    }
}
