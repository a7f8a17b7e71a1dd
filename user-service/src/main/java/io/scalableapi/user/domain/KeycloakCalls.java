package io.scalableapi.user.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The deadline and circuit breaker of every Keycloak Admin API call (the client Quarkus builds has neither: a Keycloak
 * that accepts connections and never answers held a registration, and its worker thread, for good).
 *
 * <p>Deadline 3 s per call, token request included: a hung call ends in a 503 before the gateway's 5 s route timeout.
 * Breaker: once half of the last 4 calls failed (no answer, unreachable, 5xx), calls fail at once for 10 s (503 with
 * Retry-After) instead of each waiting for its deadline; then one trial call decides. Keycloak's 4xx answers (taken
 * username, bad password) are answers, not failures. Tunable with MicroProfile Fault Tolerance properties, e.g.
 * {@code io.scalableapi.user.domain.KeycloakCalls/call/Timeout/value=3000}.
 */
@ApplicationScoped
public class KeycloakCalls {

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 1, skipOn = ClientErrorException.class)
    public <T> T call(Supplier<T> request) {
        return request.get();
    }
}
