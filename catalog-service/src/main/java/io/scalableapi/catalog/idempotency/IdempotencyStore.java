package io.scalableapi.catalog.idempotency;

import io.quarkus.scheduler.Scheduled;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code Idempotency-Key} records (table {@code idempotency_record}). The key is claimed by an insert in the same
 * transaction as the write it guards: a concurrent retry's insert waits on the primary key until the first
 * transaction ends, then either finds the stored response (commit) or claims the key itself (rollback). A failed
 * request leaves no record, so its retry runs again.
 */
@ApplicationScoped
public class IdempotencyStore {
    private final EntityManager em;

    IdempotencyStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Claims the key: empty when this request is the first and must run; the stored response when an earlier request
     * with the same body completed. 422 when the key was used with a different request.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredResponse> claim(String scope, String key, String requestHash) {
        int claimed = em.createNativeQuery("insert into idempotency_record (scope, idem_key, request_hash) "
                + "values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, requestHash).executeUpdate();
        if (claimed == 1) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select request_hash, status, location, etag, body "
                + "from idempotency_record where scope = ?1 and idem_key = ?2")
                .setParameter(1, scope).setParameter(2, key).getResultList();
        if (rows.isEmpty()) {
            // Deleted by the retention sweep between the two statements: the caller may simply retry.
            throw new ApiException(ProblemType.CONFLICT, "The Idempotency-Key is being reused; retry the request");
        }
        Object[] row = rows.get(0);
        if (!requestHash.equals(row[0])) {
            throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different request body");
        }
        return Optional.of(new StoredResponse(((Number) row[1]).intValue(), (String) row[2], (String) row[3],
                (String) row[4]));
    }

    /** Stores the response of the request that claimed the key; commits with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(String scope, String key, StoredResponse response) {
        em.createNativeQuery("update idempotency_record set status = ?3, location = ?4, etag = ?5, body = ?6 "
                + "where scope = ?1 and idem_key = ?2")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, response.status())
                .setParameter(4, response.location()).setParameter(5, response.etag())
                .setParameter(6, response.body()).executeUpdate();
    }

    /** Keys are kept for a day: long past any client's retry window. */
    @Scheduled(every = "1h", delay = 5, delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteExpired() {
        // No request waits for it: the statement_timeout of application.properties is for requests.
        em.createNativeQuery("set local statement_timeout = 0").executeUpdate();
        em.createNativeQuery("delete from idempotency_record where created_at < now() - interval '24 hours'")
                .executeUpdate();
    }
}
