package io.scalableapi.gateway.health;

/**
 * The health group {@code /q/health/group/dependencies}: the live state of the shared servers the gateway uses, for
 * operators and alerts. No probe reads it: readiness must not follow a server that every replica shares.
 */
final class DependenciesGroup {

    static final String NAME = "dependencies";

    private DependenciesGroup() {
    }
}
