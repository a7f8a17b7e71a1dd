package io.scalableapi.user.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The examples of RFC 7396 that matter for a profile. */
class MergePatchTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void replacesRemovesAndMergesNestedObjects() throws Exception {
        ObjectNode target = (ObjectNode) json.readTree("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
        MergePatch.apply(target, (ObjectNode) json.readTree("{\"a\":\"z\",\"c\":{\"f\":null}}"));
        assertEquals(json.readTree("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}"), target);
    }

    @Test
    void anObjectReplacesAScalarAndAbsentMembersStay() throws Exception {
        ObjectNode target = (ObjectNode) json.readTree("{\"a\":\"b\",\"keep\":1}");
        MergePatch.apply(target, (ObjectNode) json.readTree("{\"a\":{\"x\":1}}"));
        assertEquals(json.readTree("{\"a\":{\"x\":1},\"keep\":1}"), target);
    }
}
