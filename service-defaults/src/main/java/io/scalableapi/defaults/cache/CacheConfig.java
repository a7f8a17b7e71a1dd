package io.scalableapi.defaults.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the services' cache access ({@code platform.cache.*}). */
@ConfigMapping(prefix = "platform.cache")
public interface CacheConfig {
    /**
     * The longest one cache call may take, waiting for a connection included. Hot Rod's own socket timeout starts only
     * once a request is on the wire: a request queued behind a reconnect otherwise waits up to a day. Above the socket
     * timeout (2 s), below the gateway's upstream timeout (5 s).
     */
    @WithDefault("3s")
    Duration callTimeout();

    /**
     * How long every cache call may go unanswered (timeouts, not errors) before the Hot Rod client is restarted: the
     * way out of a client fault that otherwise stops all cache traffic until the process restarts ({@link CacheCalls}).
     */
    @WithDefault("30s")
    Duration restartAfter();
}
