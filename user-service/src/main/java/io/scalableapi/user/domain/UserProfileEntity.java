package io.scalableapi.user.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.scalableapi.contracts.user.UserProfileV1;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A person's profile (table {@code user_profile}); only {@link ProfileService} changes it. */
@Entity
@Table(name = "user_profile")
public class UserProfileEntity extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    public String username;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    public String email;

    @Column(nullable = false)
    public String locale;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> preferences = new TreeMap<>();

    @Column(name = "marketing_consent", nullable = false)
    public boolean marketingConsent;

    /** Kept apart from {@code updatedAt}: proof of when consent was given or withdrawn. */
    @Column(name = "marketing_consent_changed_at")
    public OffsetDateTime marketingConsentChangedAt;

    /** Optimistic lock; Hibernate increments it on every flush that changes the row. The ETag is derived from it. */
    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public UserProfileV1 toView() {
        return new UserProfileV1(userId, username, displayName, email, locale, preferences, marketingConsent, version,
                createdAt, updatedAt);
    }
}
