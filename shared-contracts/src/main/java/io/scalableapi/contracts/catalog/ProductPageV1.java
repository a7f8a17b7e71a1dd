package io.scalableapi.contracts.catalog;

import java.util.List;

/**
 * One page of a product list. {@code nextCursor} is opaque: pass it back unchanged as {@code cursor} with the same
 * filters and sort; it is null on the last page.
 */
public record ProductPageV1(List<ProductV1> items, String nextCursor, int limit) {
}
