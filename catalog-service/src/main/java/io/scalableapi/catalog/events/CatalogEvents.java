package io.scalableapi.catalog.events;

import static io.scalableapi.contracts.catalog.CatalogEventTypes.categorySubject;
import static io.scalableapi.contracts.catalog.CatalogEventTypes.productSubject;

import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.CategoryDeletedV1;
import io.scalableapi.contracts.catalog.CategoryEventV1;
import io.scalableapi.contracts.catalog.CategoryV1;
import io.scalableapi.contracts.catalog.ProductDeletedV1;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductPriceChangedV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.events.Topics;
import io.scalableapi.defaults.outbox.Outbox;
import io.scalableapi.defaults.outbox.OutboxMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Turns catalog changes into outbox messages on {@link Topics#CATALOG_EVENTS}, keyed by the aggregate id so one
 * product's events stay in order. Call inside the writing transaction, after the flush that set the new version.
 */
@ApplicationScoped
public class CatalogEvents {
    private final Outbox outbox;

    CatalogEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void productCreated(ProductV1 p) {
        append(p.id().toString(), CatalogEventTypes.PRODUCT_CREATED, productSubject(p.id()), ProductEventV1.of(p));
    }

    /** The updated event, then a price-changed event when the price or its currency changed. */
    public void productUpdated(ProductV1 before, ProductV1 after) {
        append(after.id().toString(), CatalogEventTypes.PRODUCT_UPDATED, productSubject(after.id()),
                ProductEventV1.of(after));
        if (before.price().compareTo(after.price()) != 0 || !before.currency().equals(after.currency())) {
            append(after.id().toString(), CatalogEventTypes.PRODUCT_PRICE_CHANGED, productSubject(after.id()),
                    new ProductPriceChangedV1(after.id(), after.sku(), before.price(), before.currency(), after.price(),
                            after.currency(), after.version(), after.updatedAt()));
        }
    }

    /** {@code deletedVersion}: a deletion is one more version of the product (the last one plus one). */
    public void productDeleted(ProductV1 last, long deletedVersion, OffsetDateTime at) {
        append(last.id().toString(), CatalogEventTypes.PRODUCT_DELETED, productSubject(last.id()),
                new ProductDeletedV1(last.id(), last.sku(), deletedVersion, at));
    }

    public void categoryCreated(CategoryV1 c) {
        append(c.id().toString(), CatalogEventTypes.CATEGORY_CREATED, categorySubject(c.id()), CategoryEventV1.of(c));
    }

    public void categoryUpdated(CategoryV1 c) {
        append(c.id().toString(), CatalogEventTypes.CATEGORY_UPDATED, categorySubject(c.id()), CategoryEventV1.of(c));
    }

    public void categoryDeleted(CategoryV1 last, OffsetDateTime at) {
        append(last.id().toString(), CatalogEventTypes.CATEGORY_DELETED, categorySubject(last.id()),
                new CategoryDeletedV1(last.id(), last.version() + 1, at));
    }

    private void append(String key, String type, String subject, Object data) {
        outbox.append(new OutboxMessage(Topics.CATALOG_EVENTS, key, type, subject, data));
    }
}
