package io.scalableapi.user.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of user-service ({@code users.*}); every one has a default that suits local runs and production. */
@ConfigMapping(prefix = "users")
public interface UserServiceConfig {

    /** Locale of a profile whose token and registration name none. */
    @WithDefault("en")
    String defaultLocale();

    /** Realm role every registered person gets; the API's own routes require it. */
    @WithDefault("user")
    String registeredRole();

    /**
     * How long the link in a registration's verification mail stays valid. After that, Keycloak's sign-in page offers
     * the person a new link (its verify-email required action), as does an administrator's "send verify email".
     */
    @WithDefault("24h")
    Duration verificationLinkLifespan();

    /** Admin search: page size when the request names none. */
    @WithDefault("20")
    int defaultPageSize();

    /** Admin search: the largest page a request may ask for. */
    @WithDefault("100")
    int maxPageSize();

    /**
     * How often erasures whose Keycloak user could not be removed at request time are retried. The profile is gone
     * already; only the login remains until the retry succeeds.
     */
    @WithDefault("30s")
    Duration erasureRetryInterval();

    /**
     * Prefix of this service's keys in the shared {@code user-profiles} cache; none in production. Profiles are keyed
     * by Keycloak subject, which is the same person in every database: the test profile, whose database is another
     * (users_test), sets one so that its entries and the local run's never answer for each other.
     */
    Optional<String> profileCacheKeyPrefix();
}
