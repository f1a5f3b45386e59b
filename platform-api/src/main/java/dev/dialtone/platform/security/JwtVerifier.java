package dev.dialtone.platform.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;

/**
 * Verifies the bearer tokens the original platform's API clients send: a JWS in compact form
 * (RFC 7515 §7.1) signed RS256 (RFC 7518 §3.3) by a service-account key, header {@code kid} = the
 * key id, claims {@code iss} = the account id, {@code iat}, {@code exp} (RFC 7519 §4.1).
 *
 * <p>Strict by design: only {@code RS256} (never {@code none}, never an HMAC, so a public key can
 * never be used as an HMAC secret); canonical unpadded base64url; exactly one JSON object per part
 * with no duplicate member; no {@code crit} extensions; {@code iat} and {@code exp} required,
 * integral, {@code exp > iat}, lifetime at most the configured maximum, {@code iat} not in the future
 * and {@code exp} not in the past beyond the clock skew; {@code nbf} honoured if present. A key id
 * that does not exist and a key id of another account than {@code iss} get the same answer.
 *
 * <p>Thread-safe. The caller supplies key look-up (normally a cache of parsed public keys).
 */
public final class JwtVerifier {
    public static final String ALGORITHM = "RS256";
    /** Longest token accepted; an RS256 token from the original's clients is about 600 characters. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** The one message for a key id that is unknown or belongs to another account. */
    static final String NO_SUCH_KEY = "no service-account key with the JWT's 'kid' belongs to the account in 'iss'";

    /** A public key the verifier may trust, with the account it belongs to. */
    public interface TrustedKey {
        long accountId();

        PublicKey publicKey();
    }

    /** The claims of a verified token. Times are seconds since the epoch. */
    public record Claims(String keyId, long issuer, long issuedAt, long expiresAt) {
    }

    /** A verified token: the key that signed it and its claims. */
    public record Verified<K extends TrustedKey>(K key, Claims claims) {
    }

    private static final ThreadLocal<Signature> SHA256_WITH_RSA = ThreadLocal.withInitial(() -> {
        try {
            return Signature.getInstance("SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is part of every JDK", e);
        }
    });

    private final Clock clock;
    private final long maxLifetimeSeconds;
    private final long skewSeconds;

    /**
     * @param maxLifetime longest {@code exp - iat} accepted
     * @param clockSkew   how far {@code iat} may be in the future and {@code exp}/{@code nbf} may be off
     */
    public JwtVerifier(Clock clock, Duration maxLifetime, Duration clockSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxLifetimeSeconds = maxLifetime.toSeconds();
        this.skewSeconds = clockSkew.toSeconds();
        if (maxLifetimeSeconds < 1 || skewSeconds < 0) {
            throw new IllegalArgumentException("maxLifetime must be at least 1 s and clockSkew not negative");
        }
    }

    /** Whether a bearer credential has the shape of a JWS (three dot-separated parts), as opposed to an API key. */
    public static boolean looksLikeJwt(String credential) {
        int first = credential.indexOf('.');
        return first > 0 && credential.indexOf('.', first + 1) > first;
    }

    /**
     * Verifies {@code token} with the key that {@code keys} finds for its {@code kid}.
     *
     * @throws PlatformException UNAUTHORIZED with a message that says what is wrong with the token
     */
    public <K extends TrustedKey> Verified<K> verify(String token, Function<String, Optional<K>> keys) throws PlatformException {
        if (token == null || token.isEmpty()) {
            throw fail("the bearer token is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw fail("the bearer token is " + token.length() + " characters long; at most " + MAX_TOKEN_CHARS + " are accepted");
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 == token.length() - 1 || token.indexOf('.', dot2 + 1) >= 0) {
            throw fail("the bearer token is not a signed JWT: expected three non-empty base64url parts separated by '.'");
        }
        byte[] headerBytes = base64url(token, 0, dot1, "header");
        byte[] payloadBytes = base64url(token, dot1 + 1, dot2, "payload");
        byte[] signature = base64url(token, dot2 + 1, token.length(), "signature");

        JwtJson header = JwtJson.parse(headerBytes).orElseThrow(() -> fail("the JWT header is not a JSON object"));
        String alg = header.string("alg").orElseThrow(() -> fail("the JWT header has no 'alg'; sign with RS256"));
        if (!ALGORITHM.equals(alg)) {
            throw fail("none".equalsIgnoreCase(alg) ? "unsigned JWTs (alg 'none') are refused; sign with RS256"
                    : "the JWT is signed with " + quote(alg) + "; only RS256 is accepted");
        }
        if (header.has("crit")) {
            throw fail("the JWT header lists critical extensions ('crit'), which are not supported");
        }
        Optional<String> typ = header.string("typ");
        if (header.has("typ") && (typ.isEmpty() || !typ.get().toUpperCase(Locale.ROOT).equals("JWT"))) {
            throw fail("the JWT header's 'typ' must be JWT if present");
        }
        String kid = header.string("kid").filter(s -> !s.isEmpty())
                .orElseThrow(() -> fail("the JWT header has no 'kid' (the key_id of your service-account key)"));

        JwtJson claims = JwtJson.parse(payloadBytes).orElseThrow(() -> fail("the JWT payload is not a JSON object"));
        long issuer = issuer(claims);
        if (kid.length() > 100) {
            throw fail(NO_SUCH_KEY);
        }
        K key = keys.apply(kid).filter(k -> k.accountId() == issuer).orElseThrow(() -> fail(NO_SUCH_KEY));
        if (!signatureValid(key.publicKey(), token, dot2, signature)) {
            throw fail("the JWT signature does not verify with the key named by 'kid'");
        }

        long iat = numericDate(claims, "iat");
        long exp = numericDate(claims, "exp");
        long now = clock.millis() / 1000;
        if (exp <= iat) {
            throw fail("the JWT's 'exp' (" + exp + ") must be after its 'iat' (" + iat + ")");
        }
        if (exp - iat > maxLifetimeSeconds) {
            throw fail("the JWT is valid for " + (exp - iat) + " s ('exp' - 'iat'); at most " + maxLifetimeSeconds + " s is accepted");
        }
        if (iat - now > skewSeconds) {
            throw fail("the JWT was issued " + (iat - now) + " s in the future ('iat'); check the clock of the signing machine "
                    + "(at most " + skewSeconds + " s of skew is tolerated)");
        }
        if (now - exp >= skewSeconds) {
            throw fail("the JWT expired " + (now - exp) + " s ago ('exp'); sign a new one for each request");
        }
        if (claims.has("nbf") && numericDate(claims, "nbf") - now > skewSeconds) {
            throw fail("the JWT is not valid yet ('nbf' is in the future)");
        }
        return new Verified<>(key, new Claims(kid, issuer, iat, exp));
    }

    private static boolean signatureValid(PublicKey publicKey, String token, int signedLength, byte[] signature) {
        if (!(publicKey instanceof RSAPublicKey rsa) || signature.length != (rsa.getModulus().bitLength() + 7) / 8) {
            return false;
        }
        Signature verifier = SHA256_WITH_RSA.get();
        try {
            verifier.initVerify(rsa);
            verifier.update(token.substring(0, signedLength).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static long issuer(JwtJson claims) throws PlatformException {
        Object iss = claims.get("iss");
        if (iss == null) {
            throw fail("the JWT has no 'iss' claim (your account_id)");
        }
        long id = -1;
        if (iss instanceof Integer || iss instanceof Long) {
            id = ((Number) iss).longValue();
        } else if (iss instanceof String s && s.matches("[0-9]{1,18}")) {
            id = Long.parseLong(s);
        }
        if (id <= 0) {
            throw fail("the JWT's 'iss' must be your account_id (a positive integer)");
        }
        return id;
    }

    private static long numericDate(JwtJson claims, String name) throws PlatformException {
        Object v = claims.get(name);
        if (v == null) {
            throw fail("the JWT has no '" + name + "' claim (seconds since 1970-01-01T00:00:00Z)");
        }
        if (v instanceof Integer || v instanceof Long) {
            long t = ((Number) v).longValue();
            if (t >= 0) {
                return t;
            }
        } else if (v instanceof BigInteger) {
            throw fail("the JWT's '" + name + "' is out of range");
        }
        throw fail("the JWT's '" + name + "' must be a whole number of seconds since 1970-01-01T00:00:00Z");
    }

    /** Decodes one part, refusing padding, characters outside the URL-safe alphabet and non-canonical trailing bits. */
    private static byte[] base64url(String token, int from, int to, String part) throws PlatformException {
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw fail("the JWT " + part + " is not unpadded base64url (character " + (c < 0x20 || c > 0x7e
                        ? String.format("U+%04X", (int) c) : "'" + c + "'") + ")");
            }
        }
        String encoded = token.substring(from, to);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw fail("the JWT " + part + " is not valid base64url");
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(encoded)) {
            throw fail("the JWT " + part + " is not canonical base64url");
        }
        return bytes;
    }

    private static String quote(String s) {
        String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    private static PlatformException fail(String message) {
        return new PlatformException(Kind.UNAUTHORIZED, "Authorization", message);
    }
}
