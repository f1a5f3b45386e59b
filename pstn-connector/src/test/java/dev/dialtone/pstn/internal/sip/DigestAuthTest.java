package dev.dialtone.pstn.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dialtone.pstn.DigestCredentials;

import gov.nist.javax.sip.header.ProxyAuthenticate;
import gov.nist.javax.sip.header.WWWAuthenticate;

class DigestAuthTest {
    static WWWAuthenticate challenge(String realm, String nonce, String qop, String algorithm) throws Exception {
        WWWAuthenticate w = new WWWAuthenticate();
        w.setScheme("Digest");
        w.setRealm(realm);
        w.setNonce(nonce);
        if (qop != null) {
            w.setQop(qop);
        }
        if (algorithm != null) {
            w.setAlgorithm(algorithm);
        }
        return w;
    }

    @Test
    void answersWithoutQopAsRfc2069() throws Exception {
        DigestAuth.Answer a = DigestAuth.answer(challenge("biloxi.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null),
                new DigestCredentials("bob", "zanzibar"), "INVITE", "sip:bob@biloxi.com").orElseThrow();
        String ha1 = DigestAuth.md5("bob:biloxi.com:zanzibar");
        String ha2 = DigestAuth.md5("INVITE:sip:bob@biloxi.com");
        assertThat(a.response()).isEqualTo(DigestAuth.md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + ha2));
        assertThat(a.qop()).isEmpty();
    }

    @Test
    void answersQopAuthWithACnonce() throws Exception {
        ProxyAuthenticate p = new ProxyAuthenticate();
        p.setScheme("Digest");
        p.setRealm("atlanta.com");
        p.setNonce("abc");
        p.setQop("auth-int,auth");
        p.setOpaque("xyz");
        DigestAuth.Answer a = DigestAuth.answer(p, new DigestCredentials("alice", "secret"), "INVITE", "sip:+15551234@carrier")
                .orElseThrow();
        assertThat(a.qop()).contains("auth");
        assertThat(a.opaque()).contains("xyz");
        String ha1 = DigestAuth.md5("alice:atlanta.com:secret");
        String ha2 = DigestAuth.md5("INVITE:sip:+15551234@carrier");
        assertThat(a.response()).isEqualTo(DigestAuth.md5(ha1 + ":abc:00000001:" + a.cnonce().orElseThrow() + ":auth:" + ha2));
    }

    @Test
    void declinesWhatItCannotAnswer() throws Exception {
        DigestCredentials c = new DigestCredentials("u", "p");
        assertThat(DigestAuth.answer(challenge("r", "n", null, "SHA-256"), c, "INVITE", "sip:x@y")).isEmpty();
        assertThat(DigestAuth.answer(challenge("r", "n", "auth-int", null), c, "INVITE", "sip:x@y")).isEmpty();
        assertThat(c.toString()).doesNotContain("p]").contains("hidden");
    }
}
