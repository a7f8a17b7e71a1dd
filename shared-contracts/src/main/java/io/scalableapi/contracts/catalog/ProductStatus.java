package io.scalableapi.contracts.catalog;

/** Lifecycle of a product. Discontinued products stay readable (orders refer to them) but are no longer sold. */
public enum ProductStatus {
    ACTIVE,
    DISCONTINUED
}
