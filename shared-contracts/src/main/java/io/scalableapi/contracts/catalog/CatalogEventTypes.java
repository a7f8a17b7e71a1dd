package io.scalableapi.contracts.catalog;

/**
 * CloudEvents {@code type} values of the catalog, published on {@link io.scalableapi.contracts.events.Topics#CATALOG_EVENTS}
 * keyed by the aggregate id. The suffix is the payload version: a breaking payload change gets a new type.
 */
public final class CatalogEventTypes {
    private static final String PREFIX = "io.scalableapi.catalog.";

    /** Payload {@link ProductEventV1}: the product as created. */
    public static final String PRODUCT_CREATED = PREFIX + "product.created.v1";
    /** Payload {@link ProductEventV1}: the product after a replace. */
    public static final String PRODUCT_UPDATED = PREFIX + "product.updated.v1";
    /** Payload {@link ProductPriceChangedV1}; follows the {@link #PRODUCT_UPDATED} event of the same version. */
    public static final String PRODUCT_PRICE_CHANGED = PREFIX + "product.price-changed.v1";
    /** Payload {@link ProductDeletedV1}. */
    public static final String PRODUCT_DELETED = PREFIX + "product.deleted.v1";
    /** Payload {@link CategoryEventV1}. */
    public static final String CATEGORY_CREATED = PREFIX + "category.created.v1";
    /** Payload {@link CategoryEventV1}. */
    public static final String CATEGORY_UPDATED = PREFIX + "category.updated.v1";
    /** Payload {@link CategoryDeletedV1}. */
    public static final String CATEGORY_DELETED = PREFIX + "category.deleted.v1";

    /** CloudEvents {@code subject} of a product event: {@code products/<id>}. */
    public static String productSubject(Object id) {
        return "products/" + id;
    }

    /** CloudEvents {@code subject} of a category event: {@code categories/<id>}. */
    public static String categorySubject(Object id) {
        return "categories/" + id;
    }

    private CatalogEventTypes() {
    }
}
