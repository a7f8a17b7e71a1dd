package io.scalableapi.tokencache;

import java.time.Instant;
import java.time.InstantSource;

/** The wall clock the cache compares the tokens' {@code exp} with. A bean of its own so that tests can move time. */
public interface TokenCacheClock extends InstantSource {

    TokenCacheClock SYSTEM = new TokenCacheClock() {
        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }
    };
}
