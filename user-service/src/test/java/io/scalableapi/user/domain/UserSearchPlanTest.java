package io.scalableapi.user.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * EXPLAIN of the admin search's predicate (the SQL Hibernate generates for {@link UserSearch}'s JPQL): each of the three
 * substring conditions is answered by a trigram index. Sequential and plain index scans are switched off for the
 * EXPLAIN: the test table is too small for the planner to prefer an index, and walking the whole username index with a
 * filter would be a full scan in disguise. The question is whether an index serves the condition itself.
 */
@QuarkusTest
class UserSearchPlanTest {
    private static final Logger LOG = Logger.getLogger(UserSearchPlanTest.class);
    static final String SEARCH = "select p.user_id, p.username, p.display_name, p.email from user_profile p"
            + " where (lower(p.username) like :text escape '\\' or lower(p.email) like :text escape '\\'"
            + " or lower(p.display_name) like :text escape '\\') order by p.username, p.user_id limit 21";

    @Inject
    EntityManager em;

    @Test
    void theSubstringSearchUsesTheTrigramIndexesNotAFullScan() {
        String plan = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("set local enable_seqscan = off").executeUpdate();
            em.createNativeQuery("set local enable_indexscan = off").executeUpdate();
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("explain " + SEARCH.replace(":text", "'%" + "ali" + "%'"))
                    .getResultList();
            return rows.stream().map(Object::toString).collect(Collectors.joining("\n"));
        });
        LOG.infof("Plan of the admin search:%n%s", plan);
        for (String index : List.of("user_profile_username_trgm", "user_profile_email_trgm",
                "user_profile_display_name_trgm")) {
            assertTrue(plan.contains("Bitmap Index Scan on " + index), plan);
        }
        assertFalse(plan.contains("Seq Scan"), plan);
    }
}
