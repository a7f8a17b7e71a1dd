package io.scalableapi.catalog.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.cache.VersionedEntries;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.defaults.replica.ReadRoute;
import io.scalableapi.defaults.seams.PausePoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Product reads through Infinispan with PostgreSQL as the source of truth. When the cache is missing, down, or holds
 * something unreadable, reads go to the database and stay correct.
 *
 * <p>Entries only move forward: a put never replaces a cached product with an older version, so a slow reader cannot
 * overwrite what a writer (or cache-service, from the events) stored after it. Reads come from the read replica when
 * it is current enough (service-defaults' ReadRouting); what a lagging replica returned is served but never cached
 * ({@link ReadRoute#mayCache()}), so it cannot fill the gap a newer version left (evicted, expired).
 *
 * <p>A delete leaves a tombstone at the deletion's version instead of removing the entry (service-defaults'
 * {@code Tombstones}): a read that loaded the product just before the delete committed then finds a newer version in
 * the cache and does not write it back. Reads see the tombstone as a miss and the database answers 404.
 */
@ApplicationScoped
public class ProductReads {
    private static final Logger LOG = Logger.getLogger(ProductReads.class);

    private final PlatformCaches caches;
    private final VersionedEntries entries;
    private final ObjectMapper json;
    private final ProductSearch search;
    private final CatalogConfig config;
    private final ReadRoute route;
    private final ListPages lists;
    private final PausePoints points;
    private final Counter listHits;
    private final Counter listMisses;

    ProductReads(PlatformCaches caches, VersionedEntries entries, ObjectMapper json, ProductSearch search,
            CatalogConfig config, ReadRoute route, ListPages lists, PausePoints points, MeterRegistry registry) {
        this.caches = caches;
        this.entries = entries;
        this.json = json;
        this.search = search;
        this.config = config;
        this.route = route;
        this.lists = lists;
        this.points = points;
        this.listHits = Counter.builder("catalog.list.cache").tag("result", "hit")
                .description("List page reads answered from the cache, or not").register(registry);
        this.listMisses = Counter.builder("catalog.list.cache").tag("result", "miss")
                .description("List page reads answered from the cache, or not").register(registry);
    }

    public ProductV1 byId(UUID id) {
        if (config.cache().enabled()) {
            Optional<ProductV1> cached = caches.get(CacheNames.CATALOG_PRODUCTS, id.toString()).flatMap(this::parse);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        Product p = Product.findById(id);
        if (p == null) {
            throw ApiException.notFound("Product " + id);
        }
        ProductV1 product = p.toV1();
        if (route.mayCache()) {
            points.reached(PausePoints.CACHE_FILL, PausePoints.cacheEntry(CacheNames.CATALOG_PRODUCTS, id.toString()));
            cache(product);
        }
        return product;
    }

    /** By SKU from the database (unique index); the product cache is keyed by id only. */
    public ProductV1 bySku(String sku) {
        Product p = Product.find("sku", sku).firstResult();
        if (p == null) {
            throw ApiException.notFound("Product with SKU '" + sku + "'");
        }
        return p.toV1();
    }

    public ProductPageV1 page(ProductQuery q) {
        if (!config.cache().enabled()) {
            return search.page(q);
        }
        Optional<ListPages.Key> key = lists.keyOf(q);
        Optional<ProductPageV1> cached = key.flatMap(k -> caches.get(CacheNames.CATALOG_PRODUCT_LISTS, k.cacheKey()))
                .flatMap(s -> read(s, ProductPageV1.class));
        if (cached.isPresent()) {
            listHits.increment();
            return cached.get();
        }
        listMisses.increment();
        ProductPageV1 page = search.page(q);
        if (key.isPresent() && route.mayCache(key.get().writtenAtLsn())) {
            write(page).ifPresent(s -> caches.put(CacheNames.CATALOG_PRODUCT_LISTS, key.get().cacheKey(), s));
        }
        return page;
    }

    /**
     * After a product write commits: its own entry moves to the new version (or goes), and the list pages it can change
     * are no longer found (new generations of their families, {@link ListPages}).
     */
    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged change) {
        if (!config.cache().enabled()) {
            return;
        }
        if (change.product() == null) {
            caches.guarded(CacheNames.CATALOG_PRODUCTS, c -> entries.tombstone(CacheNames.CATALOG_PRODUCTS,
                    change.productId().toString(), change.version()));
        } else {
            cache(change.product());
        }
        if (config.cache().listInvalidation() == CatalogConfig.ListInvalidation.CLEAR) {
            caches.clear(CacheNames.CATALOG_PRODUCT_LISTS);
        } else {
            lists.productChanged(change.categories());
        }
    }

    private void cache(ProductV1 product) {
        if (!config.cache().enabled()) {
            return;
        }
        Optional<String> value = write(product);
        if (value.isEmpty()) {
            return;
        }
        // Never moves the entry back in time: a slow reader cannot overwrite a newer version another writer cached.
        caches.guarded(CacheNames.CATALOG_PRODUCTS, c -> entries.warm(CacheNames.CATALOG_PRODUCTS, product.id().toString(),
                product.version(), value.get()));
    }

    private Optional<ProductV1> parse(String cachedJson) {
        return read(cachedJson, ProductV1.class);
    }

    private <T> Optional<T> read(String cachedJson, Class<T> type) {
        try {
            return Optional.of(json.readValue(cachedJson, type));
        } catch (JsonProcessingException e) {
            // Another writer's shape (or an old one): treat as a miss, the database answers.
            LOG.debugf("Unreadable %s in cache, reading the database: %s", type.getSimpleName(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private Optional<String> write(Object value) {
        try {
            return Optional.of(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            LOG.warnf("Could not serialise %s for the cache: %s", value.getClass().getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }
}
