package io.scalableapi.user.domain;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.contracts.user.UserRegisteredV1;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.defaults.outbox.Outbox;
import io.scalableapi.defaults.seams.PausePoints;
import io.scalableapi.user.events.UserEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Creates, changes and erases profiles. Every change and its event are written in one transaction through the
 * shared outbox, so an event is published exactly when its change committed.
 *
 * <p>Creating a profile and erasing one take the same per-person lock (a transaction-scoped PostgreSQL advisory lock
 * on the user id, {@link #lockPerson}), so they run one after the other, across replicas. Without it a first read
 * could check "not erased", the erasure could commit (finding no profile to delete), and the read could then insert
 * a profile nobody would ever erase. With it, either the erasure sees the new profile and deletes it, or the read sees
 * the erasure and answers 404.
 */
@ApplicationScoped
public class ProfileService {
    /** {@link PausePoints} point: a first read found neither a profile nor an erasure and is about to create one. */
    public static final String FIRST_PROFILE_INSERT = "first-profile-insert";
    /** First key of the per-person advisory lock (the second is the user id's hash): "USER" in ASCII. */
    private static final int PERSON_LOCK_CLASS = 0x55534552;

    private final EntityManager em;
    private final Outbox outbox;
    private final PausePoints points;

    ProfileService(EntityManager em, Outbox outbox, PausePoints points) {
        this.em = em;
        this.outbox = outbox;
        this.points = points;
    }

    @Transactional
    public Optional<UserProfileV1> find(UUID userId) {
        return Optional.ofNullable(em.find(UserProfileEntity.class, userId)).map(UserProfileEntity::toView);
    }

    /** The caller's profile, created from the token on the first call; 404 when the caller has erased their account. */
    @Transactional
    public UserProfileV1 ensure(NewProfile fromToken) {
        return ensureEntity(fromToken).toView();
    }

    /** The profile of a person who just registered; emits {@code UserRegistered}. */
    @Transactional
    public UserProfileV1 createRegistered(NewProfile profile) {
        lockPerson(profile.userId());
        if (em.find(ErasedUser.class, profile.userId()) != null) {
            throw erased();
        }
        if (!insert(profile)) {
            throw new ApiException(ProblemType.CONFLICT, "A profile for this user already exists");
        }
        UserProfileEntity created = em.find(UserProfileEntity.class, profile.userId());
        outbox.append(UserEvents.registered(created, UserRegisteredV1.VIA_REGISTRATION));
        return created.toView();
    }

    /**
     * Applies the edit when {@code precondition} holds for the current version. An edit that changes nothing keeps
     * the version and emits no event, so repeating a PUT is harmless.
     */
    @Transactional
    public UserProfileV1 update(NewProfile fromToken, IfMatch precondition, ProfileEdit edit) {
        UserProfileEntity p = ensureEntity(fromToken);
        precondition.check(p.version);
        List<String> changed = apply(p, edit, fromToken.email());
        if (changed.isEmpty()) {
            return p.toView();
        }
        OffsetDateTime now = Times.now();
        p.updatedAt = now;
        if (changed.contains("marketingConsent")) {
            p.marketingConsentChangedAt = now;
        }
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            // Another request changed the profile between our read and our write.
            throw new ApiException(ProblemType.PRECONDITION_FAILED, "The profile was changed by another request; read it again");
        }
        outbox.append(UserEvents.profileUpdated(p, changed));
        return p.toView();
    }

    /**
     * Deletes the profile, records the tombstone and emits {@code UserDeleted}. The Keycloak user is removed after
     * this commits (see {@link ErasureService}). Returns the version the {@code UserDeleted} event carries.
     */
    @Transactional
    public long erase(UUID userId, IfMatch precondition) {
        lockPerson(userId);
        if (em.find(ErasedUser.class, userId) != null) {
            throw erased();
        }
        UserProfileEntity p = em.find(UserProfileEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
        long lastVersion = 0;
        if (p == null) {
            precondition.checkNothingExists();
        } else {
            precondition.check(p.version);
            lastVersion = p.version;
            em.remove(p);
        }
        OffsetDateTime now = Times.now();
        ErasedUser tombstone = new ErasedUser();
        tombstone.userId = userId;
        tombstone.erasedAt = now;
        em.persist(tombstone);
        // Events not yet published would reach Kafka after the erasure with the person's name: they are redacted (kept,
        // so consumers still see every version). Redacting first matters: a row the relay is sending right now is
        // locked, so this waits for it, finds it published, and the delete below removes it.
        outbox.redactPending(userId.toString(), UserEvents.PERSONAL_FIELDS);
        // Published copies of this person's events carry their display name; the relay has no further use for them.
        em.createNativeQuery("delete from outbox_event where message_key = ?1 and published_at is not null")
                .setParameter(1, userId.toString()).executeUpdate();
        // So do dead-lettered ones (service-defaults' outbox): they are kept for an operator, never for the person.
        em.createNativeQuery("delete from outbox_dead_letter where message_key = ?1")
                .setParameter(1, userId.toString()).executeUpdate();
        long deletedVersion = lastVersion + 1;
        outbox.append(UserEvents.deleted(userId, deletedVersion, now));
        return deletedVersion;
    }

    @Transactional
    public void markIdentityRemoved(UUID userId) {
        ErasedUser tombstone = em.find(ErasedUser.class, userId);
        if (tombstone != null && tombstone.identityRemovedAt == null) {
            tombstone.identityRemovedAt = Times.now();
        }
    }

    /** Erasures whose Keycloak user still exists, oldest first. */
    @Transactional
    public List<UUID> pendingIdentityRemovals(OffsetDateTime erasedBefore, int max) {
        return em.createQuery("select e.userId from ErasedUser e where e.identityRemovedAt is null "
                + "and e.erasedAt < :before order by e.erasedAt", UUID.class)
                .setParameter("before", erasedBefore).setMaxResults(max).getResultList();
    }

    private UserProfileEntity ensureEntity(NewProfile fromToken) {
        UserProfileEntity existing = em.find(UserProfileEntity.class, fromToken.userId());
        if (existing != null) {
            return existing;
        }
        // Only the first read of a person pays for the lock; it makes "not erased, so create" atomic with the erasure.
        lockPerson(fromToken.userId());
        if (em.find(ErasedUser.class, fromToken.userId()) != null) {
            throw erased();
        }
        points.reached(FIRST_PROFILE_INSERT, fromToken.userId().toString());
        boolean inserted = insert(fromToken);
        UserProfileEntity profile = em.find(UserProfileEntity.class, fromToken.userId());
        if (inserted) {
            outbox.append(UserEvents.registered(profile, UserRegisteredV1.VIA_FIRST_SIGN_IN));
        }
        return profile;
    }

    /**
     * Serialises profile creation and erasure of one person until this transaction ends. Two ints rather than one
     * bigint: a key space of its own, apart from the outbox relay's lock. Persons whose ids share a hash only wait
     * for each other.
     */
    private void lockPerson(UUID userId) {
        em.createNativeQuery("select 1 from pg_advisory_xact_lock(?1, ?2)").setParameter(1, PERSON_LOCK_CLASS)
                .setParameter(2, userId.hashCode()).getSingleResult();
    }

    /**
     * Inserts unless a profile with this id exists. Two first calls of the same person may race; {@code on conflict
     * do nothing} lets both succeed and only the one that inserted emits the event.
     */
    private boolean insert(NewProfile p) {
        OffsetDateTime now = Times.now();
        int rows = em.createNativeQuery("insert into user_profile (user_id, username, display_name, email, locale, "
                + "preferences, marketing_consent, marketing_consent_changed_at, version, created_at, updated_at) "
                + "values (?1, ?2, ?3, cast(?4 as varchar), ?5, '{}'::jsonb, ?6, case when ?6 then cast(?7 as timestamptz) end, 1, ?7, ?7) "
                + "on conflict (user_id) do nothing")
                .setParameter(1, p.userId()).setParameter(2, p.username()).setParameter(3, p.displayName())
                .setParameter(4, p.email()).setParameter(5, p.locale()).setParameter(6, p.marketingConsent())
                .setParameter(7, now)
                .executeUpdate();
        return rows == 1;
    }

    /** Copies the edit onto the profile and names the fields that changed. The email follows the token. */
    static List<String> apply(UserProfileEntity p, ProfileEdit edit, String tokenEmail) {
        List<String> changed = new ArrayList<>();
        if (!edit.displayName().equals(p.displayName)) {
            p.displayName = edit.displayName();
            changed.add("displayName");
        }
        if (!edit.locale().equals(p.locale)) {
            p.locale = edit.locale();
            changed.add("locale");
        }
        if (edit.marketingConsent() != p.marketingConsent) {
            p.marketingConsent = edit.marketingConsent();
            changed.add("marketingConsent");
        }
        if (!edit.preferences().equals(p.preferences)) {
            p.preferences = new TreeMap<>(edit.preferences());
            changed.add("preferences");
        }
        if (tokenEmail != null && !Objects.equals(tokenEmail, p.email)) {
            p.email = tokenEmail;
            changed.add("email");
        }
        return changed;
    }

    static ApiException erased() {
        return new ApiException(ProblemType.NOT_FOUND, "This account has been erased");
    }
}
