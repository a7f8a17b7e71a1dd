package io.scalableapi.cache.domain;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The digest answer Infinispan's REST endpoint needs, checked against the worked example of RFC 2617. */
class DigestChallengeTest {

    @Test
    void answersTheRfcExample() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

        String header = challenge.authorization("Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1, "0a4f113b");

        assertTrue(header.contains("response=\"6629fae49393a05397450978507c4ef1\""), header);
        assertTrue(header.contains("nc=00000001"), header);
        assertTrue(header.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), header);
    }

    @Test
    void refusesAnAlgorithmItCannotAnswer() {
        assertThrows(IllegalArgumentException.class,
                () -> DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256"));
        assertThrows(IllegalArgumentException.class, () -> DigestChallenge.parse("Basic realm=\"r\""));
    }
}
