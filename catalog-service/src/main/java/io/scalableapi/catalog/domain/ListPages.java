package io.scalableapi.catalog.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.replica.WritePins;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.infinispan.client.hotrod.Flag;

/**
 * Where list pages live in {@code catalog-product-lists}: each page belongs to a family (the unfiltered lists, or the
 * lists of one category), and its key carries the family's current generation. A product write starts a new
 * generation of the families it can change (the unfiltered lists and its categories, old and new), once, here, after
 * its commit: their old pages are no longer found and expire; every other category's pages stay.
 *
 * <p>A generation is a random id plus the primary's WAL position when it started. A page read from the read replica
 * is cached only if the replica had replayed that position, so a lagging replica never fills a new generation with a
 * page from before the write that started it, whichever catalog process made that write. A generation that expired
 * (no write to its family for the cache's lifespan) comes back as a new random id: old pages never match it.
 */
@ApplicationScoped
public class ListPages {
    /** A page's cache key and the position a replica must have replayed for the page to be cached under it. */
    public record Key(String cacheKey, long writtenAtLsn) {
    }

    private static final String ALL = "all";

    private final PlatformCaches caches;
    private final ObjectMapper json;
    private final WritePins positions;
    private final String prefix;

    ListPages(PlatformCaches caches, ObjectMapper json, WritePins positions, CatalogConfig config) {
        this.caches = caches;
        this.json = json;
        this.positions = positions;
        this.prefix = config.cache().listKeyPrefix().orElse("");
    }

    /** The key of this query's page; empty when the cache cannot be asked (the page is then neither read nor put). */
    public Optional<Key> keyOf(ProductQuery q) {
        String family = q.categoryId() == null ? ALL : q.categoryId().toString();
        return generation(family).map(g -> new Key(prefix + family + "@" + g.id + "|" + q.pageKey(), g.lsn));
    }

    /** After a product write committed: new generations for the unfiltered lists and the given categories' lists. */
    public void productChanged(Collection<UUID> categories) {
        long lsn = positions.primaryPosition();
        start(ALL, lsn);
        categories.forEach(c -> start(c.toString(), lsn));
    }

    private record Generation(String id, long lsn) {
    }

    private Optional<Generation> generation(String family) {
        String key = generationKey(family);
        return caches.guarded(CacheNames.CATALOG_PRODUCT_LISTS, c -> {
            String current = caches.await(c.getAsync(key), "read of " + key);
            if (current == null) {
                String fresh = write(new Generation(newId(), 0));
                String raced = caches.await(c.withFlags(Flag.FORCE_RETURN_VALUE).putIfAbsentAsync(key, fresh),
                        "put-if-absent of " + key);
                current = raced == null ? fresh : raced;
            }
            return read(current);
        });
    }

    private void start(String family, long lsn) {
        String value = write(new Generation(newId(), lsn));
        String key = generationKey(family);
        caches.guarded(CacheNames.CATALOG_PRODUCT_LISTS, c -> caches.await(c.putAsync(key, value), "put of " + key));
    }

    private String generationKey(String family) {
        return prefix + "generation:" + family;
    }

    private static String newId() {
        return UUID.randomUUID().toString().substring(0, 13);
    }

    private String write(Generation g) {
        return json.createObjectNode().put("generation", g.id).put("lsn", g.lsn).toString();
    }

    private Generation read(String value) {
        try {
            JsonNode node = json.readTree(value);
            return new Generation(node.path("generation").asText(), node.path("lsn").asLong());
        } catch (Exception e) {
            // Unreadable: a generation nobody else uses, so nothing stale is found and nothing is shared.
            return new Generation(newId(), Long.MAX_VALUE);
        }
    }
}
