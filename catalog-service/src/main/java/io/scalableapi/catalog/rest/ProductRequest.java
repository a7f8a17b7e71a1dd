package io.scalableapi.catalog.rest;

import io.scalableapi.catalog.domain.ProductInput;
import io.scalableapi.contracts.catalog.ProductStatus;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/** Body of POST and PUT {@code /api/v1/products}: the whole product (PUT replaces every field). */
public record ProductRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "letters, digits, . _ -")
        String sku,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 4000) String description,
        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal price,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as EUR") String currency,
        @NotNull @Min(0) @Max(1_000_000_000) Integer stockQuantity,
        @NotNull UUID categoryId,
        @NotNull ProductStatus status,
        @Size(max = 50) Map<String, @NotNull Object> attributes) {

    public ProductInput toInput() {
        return new ProductInput(sku.strip(), name.strip(), description, price.setScale(2), currency, stockQuantity,
                categoryId, status, attributes);
    }
}
