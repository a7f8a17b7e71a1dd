package io.scalableapi.cache.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failed page reads are read again, and which count against catalog-service in the circuit breaker. */
class CatalogProductSourceTest {

    @Test
    void onlyReadsThatGotNoAnswerOrA5xxAreReadAgain() {
        assertTrue(CatalogProductSource.worthRepeating(new WebApplicationException(503)));
        assertTrue(CatalogProductSource.worthRepeating(new ProcessingException(new ConnectException("refused"))));
        assertFalse(CatalogProductSource.worthRepeating(new WebApplicationException(404)));
        assertFalse(CatalogProductSource.worthRepeating(new WebApplicationException(401)));
        // A catalog that stalled once stalls again: the warm-up would wait several deadlines.
        assertFalse(CatalogProductSource.worthRepeating(new TimeoutException("deadline")));
    }

    @Test
    void aClientErrorIsAnAnswerNotAFailureOfTheCatalog() {
        assertFalse(CatalogProductSource.catalogFailed(new WebApplicationException(404)));
        assertFalse(CatalogProductSource.catalogFailed(new WebApplicationException(403)));
        assertTrue(CatalogProductSource.catalogFailed(new WebApplicationException(500)));
        assertTrue(CatalogProductSource.catalogFailed(new TimeoutException("deadline")));
        assertTrue(CatalogProductSource.catalogFailed(new ProcessingException(new ConnectException("refused"))));
    }
}
