package io.scalableapi.catalog.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.defaults.errors.ApiException;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cursors round-trip, and anything not signed by us, or used with another query, is a client error. */
class PageCursorsTest {
    private final PageCursors cursors = new PageCursors(new ObjectMapper(), "test-secret");
    private final UUID id = UUID.randomUUID();

    @Test
    void roundTrip() {
        String cursor = cursors.encode("sort=price", new PageCursors.Position("12.50", id));
        assertEquals(new PageCursors.Position("12.50", id), cursors.decode(cursor, "sort=price"));
    }

    @Test
    void editedPayloadIsRejected() {
        String cursor = cursors.encode("sort=price", new PageCursors.Position("12.50", id));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"q\":\"sort=price\",\"k\":\"0\",\"i\":\"" + id + "\"}").getBytes());
        String forged = forgedPayload + cursor.substring(cursor.indexOf('.'));
        assertEquals(400, assertThrows(ApiException.class, () -> cursors.decode(forged, "sort=price")).problem().status());
    }

    @Test
    void otherSecretOtherQueryAndGarbageAreRejected() {
        String theirs = new PageCursors(new ObjectMapper(), "other").encode("sort=price", new PageCursors.Position("1", id));
        String ours = cursors.encode("sort=price", new PageCursors.Position("1", id));
        for (String[] c : new String[][] {{theirs, "sort=price"}, {ours, "sort=name"}, {"", "sort=price"},
                {".", "sort=price"}, {"a.b.c", "sort=price"}, {"%%%.###", "sort=price"}, {"x".repeat(2000), "sort=price"}}) {
            ApiException e = assertThrows(ApiException.class, () -> cursors.decode(c[0], c[1]), c[0]);
            assertEquals("cursor", e.problem().errors().get(0).field());
        }
    }
}
