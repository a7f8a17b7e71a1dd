package io.scalableapi.catalog.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key and id plus the query it belongs to, followed by a
 * MAC. A cursor that was edited, forged, truncated or used with other filters is a 400; it never reaches SQL.
 */
@ApplicationScoped
public class PageCursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_LENGTH = 1024;

    /** The position after which the next page starts. */
    public record Position(String key, UUID id) {
    }

    private final ObjectMapper json;
    private final byte[] secret;

    @Inject
    PageCursors(ObjectMapper json, CatalogConfig config) {
        this(json, config.paging().cursorSecret());
    }

    PageCursors(ObjectMapper json, String secret) {
        this.json = json;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String encode(String filterKey, Position after) {
        ObjectNode node = json.createObjectNode().put("q", filterKey).put("k", after.key()).put("i", after.id().toString());
        String payload = ENCODER.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    public Position decode(String cursor, String filterKey) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid("is too long");
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
            throw invalid("is not a cursor returned by this API");
        }
        String payload = cursor.substring(0, dot);
        byte[] given;
        try {
            given = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("is not a cursor returned by this API");
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            throw invalid("is not a cursor returned by this API");
        }
        try {
            JsonNode node = json.readTree(DECODER.decode(payload));
            if (!filterKey.equals(node.path("q").asText())) {
                throw invalid("belongs to a query with other filters or sort; start again without it");
            }
            return new Position(node.get("k").asText(), UUID.fromString(node.get("i").asText()));
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            // Unreachable for cursors we signed; kept so that a leaked secret still cannot cause a 500.
            throw invalid("is not a cursor returned by this API");
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static ApiException invalid(String why) {
        return ApiException.badField("cursor", "the cursor " + why);
    }
}
