package io.scalableapi.catalog.domain;

import io.scalableapi.catalog.events.CatalogEvents;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * Changes products. Each change, its outbox events and (through {@link CatalogChanged}) the cache update form one
 * unit: the events commit with the change, the cache hears of it only after the commit.
 */
@ApplicationScoped
public class ProductService {
    private final CatalogEvents events;
    private final Event<CatalogChanged> changed;

    ProductService(CatalogEvents events, Event<CatalogChanged> changed) {
        this.events = events;
        this.changed = changed;
    }

    @Transactional
    public ProductV1 create(ProductInput input) {
        requireCategory(input.categoryId());
        requireFreeSku(input.sku(), null);
        Product p = new Product();
        p.id = UUID.randomUUID();
        apply(p, input);
        p.version = 1;
        p.createdAt = CatalogClock.now();
        p.updatedAt = p.createdAt;
        p.persist();
        Product.flush();
        ProductV1 created = p.toV1();
        events.productCreated(created);
        changed.fire(CatalogChanged.productSaved(created, null));
        return created;
    }

    @Transactional
    public ProductV1 replace(UUID id, ExpectedVersion expected, ProductInput input) {
        Product p = lockExisting(id);
        expected.check(p.version, "The product");
        ProductV1 before = p.toV1();
        requireCategory(input.categoryId());
        requireFreeSku(input.sku(), id);
        apply(p, input);
        p.updatedAt = CatalogClock.now();
        // The flush increments the version, which the events and the ETag carry.
        Product.flush();
        ProductV1 after = p.toV1();
        events.productUpdated(before, after);
        changed.fire(CatalogChanged.productSaved(after, before.categoryId()));
        return after;
    }

    @Transactional
    public void delete(UUID id, ExpectedVersion expected) {
        Product p = lockExisting(id);
        expected.check(p.version, "The product");
        ProductV1 last = p.toV1();
        OffsetDateTime at = CatalogClock.now();
        p.delete();
        // A deletion is one more version: the event and the cache's tombstone carry it, so nothing older wins after.
        long deletedVersion = last.version() + 1;
        events.productDeleted(last, deletedVersion, at);
        changed.fire(CatalogChanged.productDeleted(last, deletedVersion));
    }

    private static Product lockExisting(UUID id) {
        // Row lock: two conditional writes on one product run one after the other, so If-Match is decided on the
        // version that is really being replaced.
        Product p = Product.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            throw ApiException.notFound("Product " + id);
        }
        return p;
    }

    private static void apply(Product p, ProductInput in) {
        p.sku = in.sku();
        p.name = in.name();
        p.description = in.description();
        p.price = in.price();
        p.currency = in.currency();
        p.stockQuantity = in.stockQuantity();
        p.categoryId = in.categoryId();
        p.status = in.status();
        p.attributes = in.attributes() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(in.attributes());
    }

    private static void requireCategory(UUID categoryId) {
        if (Category.findById(categoryId) == null) {
            throw ApiException.badField("categoryId", "no category with this id");
        }
    }

    private static void requireFreeSku(String sku, UUID except) {
        // A friendly 409 in the common case; the unique constraint still decides under concurrency.
        long taken = except == null ? Product.count("sku", sku) : Product.count("sku = ?1 and id <> ?2", sku, except);
        if (taken > 0) {
            throw new ApiException(ProblemType.CONFLICT, "A product with SKU '" + sku + "' already exists");
        }
    }
}
