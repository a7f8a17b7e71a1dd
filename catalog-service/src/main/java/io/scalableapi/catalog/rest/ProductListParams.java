package io.scalableapi.catalog.rest;

import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.catalog.domain.ProductQuery;
import io.scalableapi.catalog.domain.ProductSort;
import io.scalableapi.contracts.catalog.ProductStatus;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/** The query parameters of {@code GET /api/v1/products}, as raw text until {@link #toQuery} validates them. */
public class ProductListParams {
    private static final int MAX_TEXT = 200;

    @QueryParam("category")
    String category;
    @QueryParam("minPrice")
    String minPrice;
    @QueryParam("maxPrice")
    String maxPrice;
    @QueryParam("status")
    String status;
    @QueryParam("q")
    String text;
    @QueryParam("sort")
    String sort;
    @QueryParam("limit")
    String limit;
    @QueryParam("cursor")
    String cursor;

    ProductQuery toQuery(CatalogConfig.Paging paging) {
        QueryParams p = new QueryParams();
        UUID categoryId = p.uuid("category", category);
        BigDecimal min = p.decimal("minPrice", minPrice);
        BigDecimal max = p.decimal("maxPrice", maxPrice);
        if (min != null && max != null && min.compareTo(max) > 0) {
            p.error("minPrice", "must not exceed maxPrice");
        }
        ProductStatus st = p.parse("status", status, ProductStatus::valueOf, "one of " + Arrays.toString(ProductStatus.values()));
        String q = text == null || text.isBlank() ? null : text.strip();
        if (q != null && q.length() > MAX_TEXT) {
            p.error("q", "at most " + MAX_TEXT + " characters");
        }
        ProductSort order = ProductSort.DEFAULT;
        if (sort != null) {
            order = ProductSort.fromParam(sort).orElse(null);
            if (order == null) {
                p.error("sort", "one of " + Arrays.stream(ProductSort.values()).map(ProductSort::param)
                        .collect(Collectors.joining(", ")));
            }
        }
        Integer size = p.integer("limit", limit, 1, paging.maxLimit());
        String c = cursor == null || cursor.isEmpty() ? null : cursor;
        p.throwIfInvalid();
        return new ProductQuery(categoryId, min, max, st, q, order, size == null ? paging.defaultLimit() : size, c);
    }
}
