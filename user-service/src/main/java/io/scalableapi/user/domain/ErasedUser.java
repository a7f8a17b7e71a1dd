package io.scalableapi.user.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The tombstone of an erased person (table {@code erased_user}). */
@Entity
@Table(name = "erased_user")
public class ErasedUser extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "erased_at", nullable = false)
    public OffsetDateTime erasedAt;

    /** Null until the Keycloak user is gone; {@link ErasureRetry} works through the rows where it is still null. */
    @Column(name = "identity_removed_at")
    public OffsetDateTime identityRemovedAt;
}
