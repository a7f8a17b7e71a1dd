package io.scalableapi.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the catalog ({@code catalog.*}). Every value has a default that suits a local run. */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Paging paging();

    Http http();

    Cache cache();

    interface Paging {
        /** Page size when the client asks for none. */
        @WithDefault("20")
        int defaultLimit();

        /** Largest page a client may ask for: bounds the work and the response size of one request. */
        @WithDefault("100")
        int maxLimit();

        /**
         * Key of the MAC that signs paging cursors, so a forged or edited cursor is a 400 and never reaches SQL.
         * Production sets it from a Secret; rotating it only invalidates cursors in flight.
         */
        @WithDefault("catalog-cursor-dev-only-secret")
        String cursorSecret();
    }

    interface Http {
        /** {@code max-age} of public single-resource reads; short, because an ETag revalidation is cheap. */
        @WithDefault("30s")
        Duration itemMaxAge();

        /** {@code max-age} of public list pages; shorter, a list changes with any product in it. */
        @WithDefault("10s")
        Duration listMaxAge();

        /**
         * Largest write body accepted: refused from a declared Content-Length before reading, and counted while a body
         * without one (chunked) is read. The HTTP layer's own cap is larger.
         */
        @WithDefault("65536")
        long maxBodyBytes();
    }

    interface Cache {
        /** Whether product reads go through Infinispan; off, every read goes to PostgreSQL. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Prefix of list-page keys in {@code catalog-product-lists}. Page keys are query strings, the same in every
         * environment: a prefix keeps a test database's pages apart from a dev database's in a shared Infinispan.
         * Product keys are ids and need none.
         */
        Optional<String> listKeyPrefix();

        /**
         * What a product write does to cached list pages. {@code FAMILY}: it starts a new generation of the unfiltered
         * lists and of the lists of its categories (old and new), whose pages are then no longer found; pages of other
         * categories stay. {@code CLEAR}: it clears every page (the behaviour before read scaling, kept to measure
         * against).
         */
        @WithDefault("family")
        ListInvalidation listInvalidation();
    }

    enum ListInvalidation {
        FAMILY,
        CLEAR
    }
}
