package io.scalableapi.tokencache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenDigestTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    @Test
    void theKeyIsTheSha256OfTheBearerStringNotTheToken() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.US_ASCII));
        TokenDigest digest = TokenDigest.of(TOKEN);
        assertArrayEquals(expected, digest.bytes());
        // Four longs are all a key holds: nothing of the token's text survives in it.
        assertEquals(4, TokenDigest.class.getRecordComponents().length);
        assertTrue(Arrays.stream(TokenDigest.class.getRecordComponents()).allMatch(c -> c.getType() == long.class));
        assertFalse(digest.toString().contains("eyJ"));
    }

    @Test
    void equalTokensHaveEqualKeysAndAnyChangeMakesAnother() {
        assertEquals(TokenDigest.of(TOKEN), TokenDigest.of(new String(TOKEN.toCharArray())));
        assertEquals(TokenDigest.of(TOKEN).hashCode(), TokenDigest.of(new String(TOKEN.toCharArray())).hashCode());
        assertNotEquals(TokenDigest.of(TOKEN), TokenDigest.of(TOKEN.substring(0, TOKEN.length() - 1) + "m"));
        assertNotEquals(TokenDigest.of(TOKEN), TokenDigest.of(TOKEN + " "));
    }
}
