package io.scalableapi.defaults.health;

/**
 * The health group {@code /q/health/group/dependencies}: the live state of the shared servers a service uses (its
 * database, Infinispan, the OpenID provider), for operators and alerts. No probe reads it. Readiness must not follow a
 * server that every replica shares: one outage would take every replica out of the load balancer at once, although each
 * service keeps doing what it can without that server (cached reads without PostgreSQL, PostgreSQL reads without the
 * cache, writes into the outbox without Kafka, tokens checked on keys in memory without Keycloak) and answers the rest
 * with 503 problem+json itself. Kafka's state shows in the outbox's metrics (outbox.pending, outbox.lag.seconds).
 */
public final class DependenciesGroup {

    public static final String NAME = "dependencies";

    private DependenciesGroup() {
    }
}
