package io.scalableapi.catalog.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The orders a product list offers. Each is a keyset order on (column, id) backed by an index (see V1 migration);
 * {@code param} is the API's name, a leading {@code -} means descending.
 */
public enum ProductSort {
    CREATED_ASC("created", "created_at", false, p -> p.createdAt.toString()),
    CREATED_DESC("-created", "created_at", true, p -> p.createdAt.toString()),
    NAME_ASC("name", "name", false, p -> p.name),
    NAME_DESC("-name", "name", true, p -> p.name),
    PRICE_ASC("price", "price", false, p -> p.price.toPlainString()),
    PRICE_DESC("-price", "price", true, p -> p.price.toPlainString());

    public static final ProductSort DEFAULT = CREATED_ASC;

    private final String param;
    final String column;
    final boolean descending;
    private final Function<Product, String> key;

    ProductSort(String param, String column, boolean descending, Function<Product, String> key) {
        this.param = param;
        this.column = column;
        this.descending = descending;
        this.key = key;
    }

    public String param() {
        return param;
    }

    public static Optional<ProductSort> fromParam(String value) {
        return Arrays.stream(values()).filter(s -> s.param.equals(value)).findFirst();
    }

    /** The product's sort key as the cursor carries it. */
    String keyOf(Product p) {
        return key.apply(p);
    }

    /** The cursor's sort key as the SQL parameter; throws for a value of the wrong shape. */
    Object parseKey(String value) {
        return switch (column) {
            case "created_at" -> OffsetDateTime.parse(value);
            case "price" -> new BigDecimal(value);
            default -> value;
        };
    }
}
