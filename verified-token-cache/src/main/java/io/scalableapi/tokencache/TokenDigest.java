package io.scalableapi.tokencache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 digest of a raw bearer token, the cache's key: the map holds 32 bytes per token as four longs (cheap
 * equals and hashCode, no array), never the token text, so a heap dump of the keys reveals no credential.
 */
public record TokenDigest(long w0, long w1, long w2, long w3) {

    // MessageDigest is not thread-safe and getInstance costs a provider lookup; one per (event-loop) thread is enough.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    public static TokenDigest of(String token) {
        // JWTs are ASCII (base64url and dots); UTF-8 keeps any other input distinct too.
        byte[] digest = SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        ByteBuffer words = ByteBuffer.wrap(digest);
        return new TokenDigest(words.getLong(), words.getLong(), words.getLong(), words.getLong());
    }

    /** The 32 digest bytes. */
    public byte[] bytes() {
        return ByteBuffer.allocate(32).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
    }

    @Override
    public String toString() {
        // Records print their components; a short prefix is enough to correlate log lines.
        return "TokenDigest[" + Long.toHexString(w0) + "...]";
    }
}
