package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Product lists from PostgreSQL: filters plus a keyset condition on the sort's (column, id), one query per page
 * (limit + 1 rows tell whether there is a next page). Every combination is served by an index; see
 * {@code ProductIndexPlanTest} for the plans.
 */
@ApplicationScoped
public class ProductSearch {
    static final String COLUMNS = "p.id, p.sku, p.name, p.description, p.price, p.currency, p.stock_quantity, "
            + "p.category_id, p.status, p.attributes, p.version, p.created_at, p.updated_at";

    private final EntityManager em;
    private final PageCursors cursors;

    ProductSearch(EntityManager em, PageCursors cursors) {
        this.em = em;
        this.cursors = cursors;
    }

    public ProductPageV1 page(ProductQuery q) {
        PageCursors.Position after = q.cursor() == null ? null : cursors.decode(q.cursor(), q.filterKey());
        Object afterKey = null;
        if (after != null) {
            try {
                afterKey = q.sort().parseKey(after.key());
            } catch (RuntimeException e) {
                throw ApiException.badField("cursor", "the cursor is not valid");
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = sql(q, afterKey, params);
        Query query = em.createNativeQuery(sql, Product.class);
        params.forEach(query::setParameter);
        if (after != null) {
            query.setParameter("afterKey", afterKey).setParameter("afterId", after.id());
        }
        @SuppressWarnings("unchecked")
        List<Product> rows = query.getResultList();
        boolean more = rows.size() > q.limit();
        List<Product> page = more ? rows.subList(0, q.limit()) : rows;
        List<ProductV1> items = new ArrayList<>(page.size());
        page.forEach(p -> items.add(p.toV1()));
        String next = null;
        if (more) {
            Product last = page.get(page.size() - 1);
            next = cursors.encode(q.filterKey(), new PageCursors.Position(q.sort().keyOf(last), last.id));
        }
        return new ProductPageV1(items, next, q.limit());
    }

    /** The SQL of one page; package-visible so the index test can EXPLAIN exactly what the API runs. */
    static String sql(ProductQuery q, Object afterKey, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from product p where true");
        if (q.categoryId() != null) {
            sql.append(" and p.category_id = :category");
            params.put("category", q.categoryId());
        }
        if (q.minPrice() != null) {
            sql.append(" and p.price >= :minPrice");
            params.put("minPrice", q.minPrice());
        }
        if (q.maxPrice() != null) {
            sql.append(" and p.price <= :maxPrice");
            params.put("maxPrice", q.maxPrice());
        }
        if (q.status() != null) {
            sql.append(" and p.status = :status");
            params.put("status", q.status().name());
        }
        if (q.text() != null) {
            sql.append(" and p.search @@ websearch_to_tsquery('simple', :text)");
            params.put("text", q.text());
        }
        ProductSort s = q.sort();
        String direction = s.descending ? " desc" : " asc";
        if (afterKey != null) {
            // Row comparison, so PostgreSQL turns it into one index range on (column, id).
            sql.append(" and (p.").append(s.column).append(", p.id) ").append(s.descending ? "<" : ">")
                    .append(" (:afterKey, :afterId)");
        }
        sql.append(" order by p.").append(s.column).append(direction).append(", p.id").append(direction)
                .append(" limit ").append(q.limit() + 1);
        return sql.toString();
    }
}
