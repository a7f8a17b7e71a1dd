package io.scalableapi.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scalableapi.contracts.errors.ProblemType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    @Test
    void everyTypeHasItsOwnUri() {
        Set<String> uris = new HashSet<>();
        for (ProblemType t : ProblemType.values()) {
            uris.add(t.uri().toString());
        }
        assertEquals(ProblemType.values().length, uris.size());
    }

    @Test
    void bareStatusMapsToTheGeneralType() {
        assertEquals(ProblemType.NOT_FOUND, ProblemType.forStatus(404));
        assertEquals(ProblemType.MALFORMED_REQUEST, ProblemType.forStatus(400));
        assertEquals(ProblemType.INTERNAL, ProblemType.forStatus(599));
    }
}
