package io.scalableapi.contracts.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleEventsTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void everyEventTypeHasASampleThatSurvivesJson() throws Exception {
        Map<String, Object> all = SampleEvents.all();
        assertFalse(all.isEmpty());
        for (Map.Entry<String, Object> e : all.entrySet()) {
            Class<?> type = SampleEvents.PAYLOADS.get(e.getKey());
            String written = json.writeValueAsString(e.getValue());
            Object read = json.readValue(written, type);
            assertEquals(written, json.writeValueAsString(read), e.getKey());
        }
    }

    @Test
    void samplesAreReproducible() {
        assertEquals(SampleEvents.all(), SampleEvents.all());
    }
}
