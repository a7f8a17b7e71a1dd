package io.scalableapi.user.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.defaults.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the platform holds about one person (right of access): the profile, the Keycloak account as this
 * service can see it, and the events about them that are still in the outbox.
 */
@ApplicationScoped
public class DataExport {
    private final ProfileService profiles;
    private final IdentityAccounts accounts;
    private final EntityManager em;
    private final ObjectMapper json;

    DataExport(ProfileService profiles, IdentityAccounts accounts, EntityManager em, ObjectMapper json) {
        this.profiles = profiles;
        this.accounts = accounts;
        this.em = em;
        this.json = json;
    }

    /** One transaction, so the profile and the events are a consistent snapshot. */
    @Transactional
    public Document export(NewProfile caller) {
        UserProfileV1 profile = profiles.ensure(caller);
        Map<String, Object> account = accounts.export(caller.userId()).orElse(null);
        return new Document(Times.now(), profile, account, events(caller.userId()));
    }

    private List<Event> events(UUID userId) {
        return em.createQuery("select e from OutboxEvent e where e.messageKey = :key order by e.id", OutboxEvent.class)
                .setParameter("key", userId.toString()).getResultStream()
                .map(e -> new Event(e.eventId, e.eventType, e.occurredAt, e.publishedAt, parse(e.payload)))
                .toList();
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The export document.
     *
     * @param exportedAt when it was produced
     * @param profile    the profile this service keeps
     * @param account    the Keycloak account (null if it no longer exists)
     * @param events     events about the person still held in the outbox (published ones are kept for a week)
     */
    public record Document(OffsetDateTime exportedAt, UserProfileV1 profile, Map<String, Object> account,
            List<Event> events) {
    }

    public record Event(UUID id, String type, OffsetDateTime occurredAt, OffsetDateTime publishedAt, JsonNode data) {
    }
}
