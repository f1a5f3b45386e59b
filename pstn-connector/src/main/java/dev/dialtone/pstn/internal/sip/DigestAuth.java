package dev.dialtone.pstn.internal.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import javax.sip.header.WWWAuthenticateHeader;

import dev.dialtone.pstn.DigestCredentials;

/**
 * HTTP digest authentication for SIP requests (RFC 3261 §22.4, RFC 2617 with {@code qop=auth}),
 * MD5 only: the algorithm carriers use. Builds the {@code response} value from a challenge; the
 * password never leaves this class except hashed.
 */
public final class DigestAuth {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestAuth() {
    }

    /** The fields of an Authorization/Proxy-Authorization header answering one challenge. */
    public record Answer(String username, String realm, String nonce, String uri, String response, Optional<String> opaque,
                         Optional<String> qop, Optional<String> cnonce, Optional<String> nonceCount, String algorithm) {
    }

    /**
     * Answers {@code challenge} for {@code method} on {@code uri}; empty if the challenge uses an
     * algorithm or qop we cannot answer (then the call fails with the challenge's code).
     */
    public static Optional<Answer> answer(WWWAuthenticateHeader challenge, DigestCredentials credentials, String method,
                                          String uri) {
        String scheme = challenge.getScheme();
        if (scheme == null || !scheme.equalsIgnoreCase("Digest")) {
            return Optional.empty();
        }
        String algorithm = challenge.getAlgorithm() == null ? "MD5" : challenge.getAlgorithm();
        if (!algorithm.equalsIgnoreCase("MD5")) {
            return Optional.empty();
        }
        String realm = challenge.getRealm() == null ? "" : challenge.getRealm();
        String nonce = challenge.getNonce();
        if (nonce == null) {
            return Optional.empty();
        }
        Optional<String> qop = Optional.empty();
        if (challenge.getQop() != null) {
            boolean auth = false;
            for (String q : challenge.getQop().split(",")) {
                if (q.trim().toLowerCase(Locale.ROOT).equals("auth")) {
                    auth = true;
                }
            }
            if (!auth) {
                return Optional.empty(); // auth-int only
            }
            qop = Optional.of("auth");
        }
        String ha1 = md5(credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = md5(method + ":" + uri);
        String response;
        Optional<String> cnonce = Optional.empty();
        Optional<String> nc = Optional.empty();
        if (qop.isPresent()) {
            cnonce = Optional.of(Long.toHexString(RANDOM.nextLong()));
            nc = Optional.of("00000001");
            response = md5(ha1 + ":" + nonce + ":" + nc.get() + ":" + cnonce.get() + ":auth:" + ha2);
        } else {
            response = md5(ha1 + ":" + nonce + ":" + ha2);
        }
        return Optional.of(new Answer(credentials.username(), realm, nonce, uri, response,
                Optional.ofNullable(challenge.getOpaque()), qop, cnonce, nc, "MD5"));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
