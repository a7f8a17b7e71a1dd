package io.scalableapi.contracts.caches;

/**
 * Names of the platform's Infinispan caches. Their configuration lives in one place, {@link #DEFINITIONS}; no service
 * invents its own.
 */
public final class CacheNames {
    /** Classpath resource with every cache's Infinispan configuration (JSON), keyed by cache name. */
    public static final String DEFINITIONS = "io/scalableapi/contracts/caches/platform-caches.json";

    /** Single products by id, as the catalog's JSON representation including its version. */
    public static final String CATALOG_PRODUCTS = "catalog-products";
    /** Product list pages by normalised query, short-lived. */
    public static final String CATALOG_PRODUCT_LISTS = "catalog-product-lists";
    /** User profiles by Keycloak subject. Personal data: never cached at the edge. */
    public static final String USER_PROFILES = "user-profiles";
    /** The gateway's rate-limit state, shared by every replica. */
    public static final String GATEWAY_RATE_LIMITS = "gateway-rate-limits";
    /**
     * Read-your-writes pins: per service and caller, the primary's WAL position after the caller's last write. Reads of
     * that caller use a read replica only once it has replayed that far. Short-lived.
     */
    public static final String PLATFORM_READ_PINS = "platform-read-pins";

    private CacheNames() {
    }
}
