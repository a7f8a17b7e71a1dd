package io.scalableapi.user.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.user.domain.IfMatch;
import org.junit.jupiter.api.Test;

/** RFC 9110 comparison rules for the profile's ETag. */
class EntityTagsTest {

    @Test
    void ifNoneMatchComparesWeakly() {
        assertTrue(EntityTags.noneMatchHits("\"3\"", 3));
        assertTrue(EntityTags.noneMatchHits("W/\"3\"", 3));
        assertTrue(EntityTags.noneMatchHits("\"1\", \"3\"", 3));
        assertTrue(EntityTags.noneMatchHits("*", 3));
        assertFalse(EntityTags.noneMatchHits("\"2\"", 3));
        assertFalse(EntityTags.noneMatchHits(null, 3));
    }

    @Test
    void ifMatchComparesStronglySoWeakTagsNeverMatch() {
        IfMatch weak = EntityTags.required("W/\"3\"");
        assertEquals(412, assertThrows(ApiException.class, () -> weak.check(3)).problem().status());
        assertDoesNotThrow(() -> EntityTags.required("\"2\", \"3\"").check(3));
        assertDoesNotThrow(() -> EntityTags.required("*").check(3));
    }

    @Test
    void missingIfMatchIsRequiredForChangesButOptionalForErasure() {
        assertEquals(428, assertThrows(ApiException.class, () -> EntityTags.required(null)).problem().status());
        assertEquals(428, assertThrows(ApiException.class, () -> EntityTags.required(" ")).problem().status());
        assertDoesNotThrow(() -> EntityTags.optional(null).check(42));
        assertDoesNotThrow(() -> EntityTags.optional(null).checkNothingExists());
    }

    @Test
    void garbageIfMatchIsABadRequestNamingTheHeader() {
        ApiException e = assertThrows(ApiException.class, () -> EntityTags.required("3"));
        assertEquals(400, e.problem().status());
        assertEquals("If-Match", e.problem().errors().get(0).field());
    }
}
