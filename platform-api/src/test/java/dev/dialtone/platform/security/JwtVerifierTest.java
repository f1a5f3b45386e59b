package dev.dialtone.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.PlatformException;

class JwtVerifierTest {
    private static final long NOW = 1_800_000_000L;
    private static final long ACCOUNT = 42;
    private static final long OTHER_ACCOUNT = 43;
    private static final String KID = "9f0c1e52-8d7b-4d8e-a1f4-2b6c0d3e4f51";
    private static final String OTHER_KID = "1b2c3d4e-0000-4000-8000-000000000002";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static KeyPair pair;
    private static KeyPair otherPair;
    private static JwtSigner signer;

    private final JwtVerifier verifier = new JwtVerifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
            Duration.ofHours(1), Duration.ofSeconds(30));

    record Key(long accountId, PublicKey publicKey) implements JwtVerifier.TrustedKey {
    }

    @BeforeAll
    static void keys() {
        pair = RsaKeys.generate(new SecureRandom());
        otherPair = RsaKeys.generate(new SecureRandom());
        signer = new JwtSigner(KID, ACCOUNT, pair.getPrivate());
    }

    private static final Function<String, Optional<Key>> KEYS = kid -> Optional.ofNullable(Map.of(
            KID, new Key(ACCOUNT, pair.getPublic()),
            OTHER_KID, new Key(OTHER_ACCOUNT, otherPair.getPublic())).get(kid));

    private JwtVerifier.Verified<Key> verify(String token) throws PlatformException {
        return verifier.verify(token, KEYS);
    }

    private String refusal(String token) {
        try {
            verify(token);
        } catch (PlatformException e) {
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.UNAUTHORIZED);
            return e.getMessage();
        }
        throw new AssertionError("the token was accepted: " + token);
    }

    private static String claims(long iat, long exp) {
        return "{\"iss\":" + ACCOUNT + ",\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    private static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsWhatTheOriginalsClientSends() throws Exception {
        var v = verify(signer.sign(NOW, 64));
        assertThat(v.key().accountId()).isEqualTo(ACCOUNT);
        assertThat(v.claims()).isEqualTo(new JwtVerifier.Claims(KID, ACCOUNT, NOW, NOW + 64));
        // iss as a string, no typ, extra claims, small skew both ways, lifetime exactly at the limit
        assertThat(verify(signer.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + KID + "\"}",
                "{\"iss\":\"42\",\"iat\":" + (NOW + 20) + ",\"exp\":" + (NOW + 3620) + ",\"jti\":\"x\",\"aud\":[1]}"))
                .claims().issuer()).isEqualTo(ACCOUNT);
        assertThat(verify(signer.sign(NOW - 64, 64 + 29)).claims().issuedAt()).isEqualTo(NOW - 64);
    }

    @Test
    void refusesAlgNone() {
        String unsigned = b64("{\"alg\":\"none\",\"kid\":\"" + KID + "\"}") + "." + b64(claims(NOW, NOW + 64)) + ".";
        assertThat(refusal(unsigned)).contains("three non-empty");
        String withJunkSignature = b64("{\"alg\":\"none\",\"kid\":\"" + KID + "\"}") + "." + b64(claims(NOW, NOW + 64)) + ".AAAA";
        assertThat(refusal(withJunkSignature)).contains("alg 'none'");
        assertThat(refusal(b64("{\"alg\":\"NONE\",\"kid\":\"" + KID + "\"}") + "." + b64(claims(NOW, NOW + 64)) + ".AAAA"))
                .contains("alg 'none'");
    }

    @Test
    void refusesHs256SignedWithThePublicKeyAsSecret() throws Exception {
        byte[][] secrets = {
            pair.getPublic().getEncoded(),
            RsaKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII),
        };
        for (byte[] secret : secrets) {
            String signed = b64(header("HS256")) + "." + b64(claims(NOW, NOW + 64));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String token = signed + "." + B64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
            assertThat(refusal(token)).isEqualTo("the JWT is signed with 'HS256'; only RS256 is accepted");
        }
    }

    @Test
    void refusesEveryOtherAlgorithmEvenWithAValidRsaSignature() {
        for (String alg : new String[] {"RS384", "RS512", "PS256", "ES256", "rs256", "RS256 ", "HS512"}) {
            assertThat(refusal(signer.signRaw(header(alg), claims(NOW, NOW + 64)))).contains("only RS256 is accepted");
        }
        assertThat(refusal(signer.signRaw("{\"kid\":\"" + KID + "\"}", claims(NOW, NOW + 64)))).contains("no 'alg'");
        assertThat(refusal(signer.signRaw("{\"alg\":7,\"kid\":\"" + KID + "\"}", claims(NOW, NOW + 64)))).contains("no 'alg'");
    }

    @Test
    void unknownKeyAndAnotherAccountsKeyGetTheSameAnswer() {
        String unknown = new JwtSigner("00000000-0000-4000-8000-000000000000", ACCOUNT, pair.getPrivate()).sign(NOW, 64);
        // a real key of account 43, signed correctly by it, but claiming to be account 42
        String otherAccounts = new JwtSigner(OTHER_KID, ACCOUNT, otherPair.getPrivate()).sign(NOW, 64);
        // our own key, claiming to be account 43
        String wrongIss = new JwtSigner(KID, OTHER_ACCOUNT, pair.getPrivate()).sign(NOW, 64);
        assertThat(refusal(unknown)).isEqualTo(JwtVerifier.NO_SUCH_KEY);
        assertThat(refusal(otherAccounts)).isEqualTo(JwtVerifier.NO_SUCH_KEY);
        assertThat(refusal(wrongIss)).isEqualTo(JwtVerifier.NO_SUCH_KEY);
        assertThat(refusal(new JwtSigner("k".repeat(101), ACCOUNT, pair.getPrivate()).sign(NOW, 64))).isEqualTo(JwtVerifier.NO_SUCH_KEY);
    }

    @Test
    void refusesASignatureByAnotherKey() {
        String forged = new JwtSigner(KID, ACCOUNT, otherPair.getPrivate()).sign(NOW, 64);
        assertThat(refusal(forged)).contains("signature does not verify");
    }

    @Test
    void refusesATamperedPayloadOrSignature() {
        String token = signer.sign(NOW, 64);
        String[] p = token.split("\\.");
        assertThat(refusal(p[0] + "." + b64("{\"iss\":42,\"iat\":" + NOW + ",\"exp\":" + (NOW + 3000) + "}") + "." + p[2]))
                .contains("signature does not verify");
        byte[] sig = Base64.getUrlDecoder().decode(p[2]);
        assertThat(refusal(p[0] + "." + p[1] + "." + B64.encodeToString(java.util.Arrays.copyOf(sig, 253))))
                .contains("signature does not verify");
        sig[100] ^= 1;
        assertThat(refusal(p[0] + "." + p[1] + "." + B64.encodeToString(sig))).contains("signature does not verify");
        assertThat(refusal(p[0] + "." + p[1] + "." + p[2] + "AAAA")).containsAnyOf("signature does not verify", "not canonical");
        assertThat(refusal(p[0] + "." + p[1] + "." + B64.encodeToString(new byte[256]))).contains("signature does not verify");
    }

    @Test
    void refusesExpiredTokens() {
        assertThat(refusal(signer.sign(NOW - 200, 64))).contains("expired 136 s ago");
        assertThat(refusal(signer.sign(NOW - 94, 64))).contains("expired 30 s ago");
    }

    @Test
    void refusesTokensIssuedInTheFutureBeyondTheSkew() throws Exception {
        assertThat(refusal(signer.sign(NOW + 31, 64))).contains("issued 31 s in the future");
        assertThat(verify(signer.sign(NOW + 30, 64)).claims().issuedAt()).isEqualTo(NOW + 30);
    }

    @Test
    void refusesLifetimesOverTheLimit() throws Exception {
        assertThat(refusal(signer.sign(NOW, 3601))).contains("valid for 3601 s").contains("at most 3600 s");
        assertThat(refusal(signer.sign(NOW, 86_400 * 365))).contains("at most 3600 s");
        assertThat(verify(signer.sign(NOW, 3600)).claims().expiresAt()).isEqualTo(NOW + 3600);
        JwtVerifier strict = new JwtVerifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), Duration.ofSeconds(120),
                Duration.ofSeconds(30));
        assertThatThrownBy(() -> strict.verify(signer.sign(NOW, 121), KEYS)).hasMessageContaining("at most 120 s");
    }

    @Test
    void refusesMissingOrMistypedTimes() {
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"exp\":" + (NOW + 60) + "}"))).contains("no 'iat'");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":" + NOW + "}"))).contains("no 'exp'");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":" + NOW + ".5,\"exp\":" + (NOW + 60) + "}")))
                .contains("'iat' must be a whole number");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":\"" + NOW + "\",\"exp\":" + (NOW + 60) + "}")))
                .contains("'iat' must be a whole number");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":" + NOW + ",\"exp\":1e30}")))
                .contains("'exp' must be a whole number");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":" + NOW + ",\"exp\":99999999999999999999}")))
                .contains("'exp' is out of range");
        assertThat(refusal(signer.sign(NOW, 0))).contains("must be after its 'iat'");
        assertThat(refusal(signer.sign(NOW, -10))).contains("must be after its 'iat'");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":" + NOW + ",\"exp\":" + (NOW + 60)
                + ",\"nbf\":" + (NOW + 600) + "}"))).contains("not valid yet");
    }

    @Test
    void refusesMissingOrMalformedIssuerAndKeyId() {
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}"))).contains("no 'iss'");
        for (String iss : new String[] {"\"admin\"", "0", "-4", "42.0", "true", "null", "[42]", "\"\""}) {
            assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":" + iss + ",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}")))
                    .as(iss).containsAnyOf("'iss' must be your account_id", "no 'iss'");
        }
        assertThat(refusal(signer.signRaw("{\"alg\":\"RS256\"}", claims(NOW, NOW + 60)))).contains("no 'kid'");
        assertThat(refusal(signer.signRaw("{\"alg\":\"RS256\",\"kid\":\"\"}", claims(NOW, NOW + 60)))).contains("no 'kid'");
        assertThat(refusal(signer.signRaw("{\"alg\":\"RS256\",\"kid\":5}", claims(NOW, NOW + 60)))).contains("no 'kid'");
    }

    @Test
    void refusesMalformedTokens() {
        String good = signer.sign(NOW, 64);
        String[] p = good.split("\\.");
        assertThat(refusal("")).contains("empty");
        assertThat(refusal("dt_an-api-key")).contains("three non-empty");
        assertThat(refusal(p[0] + "." + p[1])).contains("three non-empty");
        assertThat(refusal(good + ".x")).contains("three non-empty");
        assertThat(refusal("." + p[1] + "." + p[2])).contains("three non-empty");
        assertThat(refusal(p[0] + ".." + p[2])).contains("three non-empty");
        assertThat(refusal(p[0] + "=." + p[1] + "." + p[2])).contains("not unpadded base64url");
        assertThat(refusal(p[0] + "." + p[1] + "." + p[2].replace('-', '+').replace('_', '/') + "+")).contains("not unpadded base64url");
        assertThat(refusal(p[0] + " ." + p[1] + "." + p[2])).contains("not unpadded base64url");
        assertThat(refusal(p[0] + "\u00e9." + p[1] + "." + p[2])).contains("U+00E9");
        assertThat(refusal("A." + p[1] + "." + p[2])).contains("not valid base64url");
        // "eyJ9" and "eyJ-" decode to the same bytes only if trailing bits are ignored
        assertThat(refusal(b64("{}").replace("e30", "e31") + "." + p[1] + "." + p[2])).contains("canonical");
        assertThat(refusal("x".repeat(JwtVerifier.MAX_TOKEN_CHARS + 1))).contains("at most 8192");
    }

    @Test
    void refusesHeadersAndPayloadsThatAreNotOneStrictJsonObject() {
        assertThat(refusal(signer.signRaw("[\"RS256\"]", claims(NOW, NOW + 60)))).contains("header is not a JSON object");
        assertThat(refusal(signer.signRaw("not json", claims(NOW, NOW + 60)))).contains("header is not a JSON object");
        assertThat(refusal(signer.signRaw(header("RS256") + "{}", claims(NOW, NOW + 60)))).contains("header is not a JSON object");
        assertThat(refusal(signer.signRaw("{\"alg\":\"HS256\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\"}", claims(NOW, NOW + 60))))
                .contains("header is not a JSON object");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"iss\":42,\"iat\":" + NOW + ",\"exp\":" + (NOW + 60)
                + ",\"exp\":" + (NOW + 999_999) + "}"))).contains("payload is not a JSON object");
        assertThat(refusal(signer.signRaw(header("RS256"), "\"" + claims(NOW, NOW + 60) + "\""))).contains("payload is not a JSON object");
        assertThat(refusal(signer.signRaw(header("RS256"), "{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}")))
                .contains("payload is not a JSON object");
    }

    @Test
    void refusesCriticalExtensionsAndForeignTypes() {
        assertThat(refusal(signer.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"crit\":[\"exp\"]}", claims(NOW, NOW + 60))))
                .contains("crit");
        assertThat(refusal(signer.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"typ\":\"at+jwt\"}", claims(NOW, NOW + 60))))
                .contains("'typ'");
    }

    @Test
    void tellsJwtsFromApiKeys() {
        assertThat(JwtVerifier.looksLikeJwt(signer.sign(NOW, 64))).isTrue();
        assertThat(JwtVerifier.looksLikeJwt("dt_abcdefghijklmnop")).isFalse();
        assertThat(JwtVerifier.looksLikeJwt("a.b")).isFalse();
    }
}
