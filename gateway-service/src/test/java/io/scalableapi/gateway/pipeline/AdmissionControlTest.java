package io.scalableapi.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    @Test
    void admitsUpToTheBoundRefusesPastItAndAdmitsAgainOncePlacesAreGivenBack() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AdmissionControl admission = new AdmissionControl(3, registry);
        assertTrue(admission.tryAdmit());
        assertTrue(admission.tryAdmit());
        assertTrue(admission.tryAdmit());
        assertFalse(admission.tryAdmit(), "the fourth request in flight is past the bound");
        assertEquals(3, admission.inFlight(), "a refused request holds no place");
        admission.release();
        assertTrue(admission.tryAdmit(), "a place given back is taken again");
        assertEquals(1.0, registry.counter("gateway.admission.refused").count());
        assertEquals(3.0, registry.get("gateway.admission.in.flight").gauge().value());
    }
}
