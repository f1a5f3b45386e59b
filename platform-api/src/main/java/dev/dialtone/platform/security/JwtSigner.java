package dev.dialtone.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs tokens the way the original platform's API clients do: header {@code {"alg":"RS256",
 * "typ":"JWT","kid":<key_id>}}, claims {@code {"iss":<account_id>,"iat":t,"exp":t+lifetime}}. For
 * tests, benchmarks and Java callers of a Dialtone node; the node itself only verifies.
 */
public final class JwtSigner {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String keyId;
    private final long accountId;
    private final PrivateKey privateKey;

    public JwtSigner(String keyId, long accountId, PrivateKey privateKey) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.accountId = accountId;
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /** A signer for the credentials JSON a node hands out ({@code account_id}, {@code key_id}, {@code private_key}). */
    public static JwtSigner fromCredentials(long accountId, String keyId, String privateKeyPem) {
        return new JwtSigner(keyId, accountId, RsaKeys.privateKeyFromPem(privateKeyPem));
    }

    public String keyId() {
        return keyId;
    }

    public long accountId() {
        return accountId;
    }

    /** A token issued at {@code iat} (seconds since the epoch) that expires {@code lifetimeSeconds} later. */
    public String sign(long iat, long lifetimeSeconds) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        String claims = "{\"iss\":" + accountId + ",\"iat\":" + iat + ",\"exp\":" + (iat + lifetimeSeconds) + "}";
        return signRaw(header, claims);
    }

    /** Signs arbitrary header and claims JSON with RS256 (tests use it to build hostile tokens). */
    public String signRaw(String headerJson, String claimsJson) {
        String signed = B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(privateKey);
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
