package io.scalableapi.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import java.net.URI;
import org.junit.jupiter.api.Test;

class CapacityRefusalTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final CapacityRefusal refusal = new CapacityRefusal(mapper);

    @Test
    void theTemplatedRefusalIsTheDocumentTheSerializerWrites() throws Exception {
        for (String path : new String[] {"/api/v1/products/42", "/api/v1/%7Bx%7D", "/api/v1/users/me"}) {
            String expected = mapper.writeValueAsString(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                    CapacityRefusal.DETAIL).withInstance(URI.create(path)).withCorrelationId("abc-123"));
            assertEquals(expected, refusal.document(path, "abc-123"), path);
        }
    }

    @Test
    void aPathWithJsonSpecialCharactersStaysOneValidString() throws Exception {
        String path = "/api/v1/a\"b\\c\u0001";
        JsonNode doc = mapper.readTree(refusal.document(path, "id-1"));
        assertEquals(path, doc.get("instance").asText());
        assertEquals(503, doc.get("status").asInt());
        assertEquals("id-1", doc.get("correlationId").asText());
        assertEquals(ProblemType.SERVICE_UNAVAILABLE.uri().toString(), doc.get("type").asText());
    }
}
