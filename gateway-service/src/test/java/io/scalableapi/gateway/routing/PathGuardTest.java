package io.scalableapi.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathGuardTest {

    @Test
    void plainPathsPass() {
        assertTrue(PathGuard.isAcceptable("/api/v1/products/42"));
        assertTrue(PathGuard.isAcceptable("/api/v1/products/caf%C3%A9"));
    }

    @Test
    void pathsThatCouldMeanSomethingElseUpstreamAreRefused() {
        assertFalse(PathGuard.isAcceptable("/api/v1/products/../../../q/metrics"));
        assertFalse(PathGuard.isAcceptable("/api/v1/products/%2e%2e/%2E%2E/q/health"));
        assertFalse(PathGuard.isAcceptable("/api/v1/products/..%2f..%2fq"));
        assertFalse(PathGuard.isAcceptable("/api/v1/products/a;jsessionid=1"));
        assertFalse(PathGuard.isAcceptable("/api/v1/products//x"));
        assertFalse(PathGuard.isAcceptable("/api/v1/products/a\\b"));
    }
}
