package io.scalableapi.user.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.scalableapi.defaults.errors.ApiException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsUsernamesWithAnyCharacters() {
        Cursor cursor = new Cursor("ädmin.user_1-x", UUID.randomUUID());
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void foreignValuesAreBadRequestsNamingTheCursor() {
        for (String bad : new String[] {"%%%", "bm8tc2VwYXJhdG9y", "YWxpY2UKbm90LWEtdXVpZA", ""}) {
            ApiException e = assertThrows(ApiException.class, () -> Cursor.decode(bad), bad);
            assertEquals(400, e.problem().status());
            assertEquals("cursor", e.problem().errors().get(0).field());
        }
    }
}
