package io.scalableapi.catalog.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.scalableapi.contracts.catalog.ProductStatus;
import io.scalableapi.contracts.catalog.ProductV1;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A product (table {@code product}). The category is kept as an id, not an association: a list page then needs one
 * query and never loads categories one by one.
 */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String sku;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(nullable = false)
    public BigDecimal price;

    @Column(nullable = false, columnDefinition = "char(3)")
    public String currency;

    @Column(name = "stock_quantity", nullable = false)
    public int stockQuantity;

    @Column(name = "category_id", nullable = false)
    public UUID categoryId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProductStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> attributes = new LinkedHashMap<>();

    /** Optimistic lock and ETag: Hibernate increments it on every update and rejects a concurrent one. */
    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public ProductV1 toV1() {
        return new ProductV1(id, sku, name, description, price, currency, stockQuantity, categoryId, status,
                attributes == null ? Map.of() : attributes, version, createdAt, updatedAt);
    }
}
