package io.scalableapi.catalog.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.scalableapi.contracts.catalog.CategoryV1;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A product category (table {@code category}). */
@Entity
@Table(name = "category")
public class Category extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String description;

    /** Optimistic lock and ETag: Hibernate increments it on every update and rejects a concurrent one. */
    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public CategoryV1 toV1() {
        return new CategoryV1(id, name, description, version, createdAt, updatedAt);
    }
}
