package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductStatus;
import java.math.BigDecimal;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A validated product list request. {@link #filterKey()} names the filters and sort, so a cursor can only be used
 * with the query that produced it.
 */
public record ProductQuery(UUID categoryId, BigDecimal minPrice, BigDecimal maxPrice, ProductStatus status,
        String text, ProductSort sort, int limit, String cursor) {

    public String filterKey() {
        StringJoiner j = new StringJoiner("&");
        j.add("sort=" + sort.param());
        if (categoryId != null) {
            j.add("category=" + categoryId);
        }
        if (minPrice != null) {
            j.add("minPrice=" + minPrice.stripTrailingZeros().toPlainString());
        }
        if (maxPrice != null) {
            j.add("maxPrice=" + maxPrice.stripTrailingZeros().toPlainString());
        }
        if (status != null) {
            j.add("status=" + status);
        }
        if (text != null) {
            j.add("q=" + text);
        }
        return j.toString();
    }

    /** Everything that decides the page's content: the list cache key. */
    public String pageKey() {
        return filterKey() + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
    }
}
