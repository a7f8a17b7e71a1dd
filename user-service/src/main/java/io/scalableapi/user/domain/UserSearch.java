package io.scalableapi.user.domain;

import io.scalableapi.contracts.user.UserPageV1;
import io.scalableapi.contracts.user.UserProfileV1;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Locale;

/** The admin search over profiles: optional text filter, pages in (username, id) order. */
@ApplicationScoped
public class UserSearch {
    private final EntityManager em;

    UserSearch(EntityManager em) {
        this.em = em;
    }

    /**
     * Profiles whose username, email or display name contains {@code text} (case-insensitive; all when null), after
     * {@code after} (from the start when null), at most {@code limit}. No transaction: a search may be slightly stale,
     * so it reads the replica (service-defaults' ReadRouting), except for an admin who just wrote something.
     */
    public UserPageV1 search(String text, Cursor after, int limit) {
        StringBuilder jpql = new StringBuilder("select p from UserProfileEntity p where 1 = 1");
        if (text != null) {
            jpql.append(" and (lower(p.username) like :text escape '\\' or lower(p.email) like :text escape '\\'"
                    + " or lower(p.displayName) like :text escape '\\')");
        }
        if (after != null) {
            jpql.append(" and (p.username > :afterName or (p.username = :afterName and p.userId > :afterId))");
        }
        jpql.append(" order by p.username, p.userId");
        TypedQuery<UserProfileEntity> query = em.createQuery(jpql.toString(), UserProfileEntity.class);
        if (text != null) {
            query.setParameter("text", "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%");
        }
        if (after != null) {
            query.setParameter("afterName", after.username()).setParameter("afterId", after.userId());
        }
        // One more than asked tells whether another page follows.
        List<UserProfileEntity> rows = query.setMaxResults(limit + 1).getResultList();
        List<UserProfileV1> items = rows.stream().limit(limit).map(UserProfileEntity::toView).toList();
        String next = null;
        if (rows.size() > limit) {
            UserProfileV1 last = items.get(items.size() - 1);
            next = new Cursor(last.username(), last.id()).encode();
        }
        return new UserPageV1(items, next);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
