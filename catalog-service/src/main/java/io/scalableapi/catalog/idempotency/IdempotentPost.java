package io.scalableapi.catalog.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a POST at most once per {@code Idempotency-Key}: the key claim, the write and the stored response share one
 * transaction. Without a key the POST simply runs.
 */
@ApplicationScoped
public class IdempotentPost {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final IdempotencyStore store;
    private final ObjectMapper json;

    IdempotentPost(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The outcome: the response to send and whether it is a replay of an earlier one. */
    public record Outcome(StoredResponse response, boolean replayed) {
    }

    /**
     * @param scope   who and what the key belongs to (method, path, caller): keys of different callers never meet
     * @param key     the header's value, or null
     * @param request the parsed body; its canonical JSON decides "same request"
     * @param action  the write; must join the current transaction
     */
    public Outcome run(String scope, String key, Object request, Supplier<StoredResponse> action) {
        if (key == null) {
            return new Outcome(action.get(), false);
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ApiException.badField(HEADER, "1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        String hash = hash(request);
        return QuarkusTransaction.joiningExisting().call(() -> {
            var earlier = store.claim(scope, key, hash);
            if (earlier.isPresent()) {
                return new Outcome(earlier.get(), true);
            }
            StoredResponse response = action.get();
            store.complete(scope, key, response);
            return new Outcome(response, false);
        });
    }

    private String hash(Object request) {
        try {
            byte[] canonical = json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash the request body", e);
        }
    }
}
