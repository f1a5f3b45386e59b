package dev.dialtone.platform.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be usable later (a SIP trunk's digest password) with AES-256-GCM
 * under a key kept in the data directory ({@code secrets.key}, mode 0600), not in the database.
 * Ciphertexts are {@code v1:<base64(nonce | ciphertext+tag)>}. Every node of a cluster needs the same key file.
 */
public final class SecretBox {
    public static final String KEY_FILE = "secrets.key";
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private SecretBox(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** Loads the key from {@code dataDir/secrets.key}, creating it (0600) on first use. */
    public static SecretBox open(Path dataDir, SecureRandom random) throws IOException {
        Path file = dataDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                // another process created it first; read theirs below
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a base64 key", e);
        }
        if (key.length != 32) {
            throw new IOException(file + " must hold a 256-bit key, found " + key.length * 8 + " bits");
        }
        return new SecretBox(key, random);
    }

    public String encrypt(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws GeneralSecurityException if the ciphertext was not made with this key or was altered */
    public String decrypt(String ciphertext) throws GeneralSecurityException {
        if (!ciphertext.startsWith(PREFIX)) {
            throw new GeneralSecurityException("unknown secret format");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("secret is not base64", e);
        }
        if (all.length < NONCE_BYTES + 16) {
            throw new GeneralSecurityException("secret too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
        return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }
}
