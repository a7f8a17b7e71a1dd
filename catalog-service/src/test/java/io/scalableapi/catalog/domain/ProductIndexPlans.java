package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** EXPLAINs the exact SQL {@link ProductSearch} builds, for every filter and sort the API offers. */
@ApplicationScoped
public class ProductIndexPlans {
    private static final UUID CAT = UUID.randomUUID();
    private static final UUID ID = UUID.randomUUID();
    private static final Map<String, Object[]> CASES = new LinkedHashMap<>();

    static {
        add("default order (created)", query(null, null, null, null, null, ProductSort.CREATED_ASC), null);
        add("newest first", query(null, null, null, null, null, ProductSort.CREATED_DESC), null);
        add("by name, next page", query(null, null, null, null, null, ProductSort.NAME_ASC), "Kettle");
        add("by name descending", query(null, null, null, null, null, ProductSort.NAME_DESC), null);
        add("by price, next page", query(null, null, null, null, null, ProductSort.PRICE_ASC), new BigDecimal("10.00"));
        add("dearest first", query(null, null, null, null, null, ProductSort.PRICE_DESC), null);
        add("price range by price", query(null, new BigDecimal("5"), new BigDecimal("50"), null, null,
                ProductSort.PRICE_ASC), null);
        add("status filter", query(null, null, null, ProductStatus.ACTIVE, null, ProductSort.CREATED_ASC), null);
        add("category by created, next page", query(CAT, null, null, null, null, ProductSort.CREATED_ASC),
                OffsetDateTime.parse("2026-01-01T00:00:00Z"));
        add("category by name", query(CAT, null, null, null, null, ProductSort.NAME_ASC), null);
        add("category by price descending, next page", query(CAT, null, null, null, null, ProductSort.PRICE_DESC),
                new BigDecimal("99.00"));
        add("category, price range and status", query(CAT, BigDecimal.ONE, BigDecimal.TEN, ProductStatus.ACTIVE,
                null, ProductSort.PRICE_ASC), null);
        add("text search", query(null, null, null, null, "red kettle", ProductSort.CREATED_ASC), null);
    }

    public static final List<String> NAMES = List.copyOf(CASES.keySet());

    private final EntityManager em;

    ProductIndexPlans(EntityManager em) {
        this.em = em;
    }

    /** Plans of every case; call inside a transaction (the planner settings are local to it). */
    public Map<String, String> explainAll() {
        em.createNativeQuery("set local enable_seqscan = off").executeUpdate();
        Map<String, String> plans = new LinkedHashMap<>();
        CASES.forEach((name, c) -> {
            ProductQuery q = (ProductQuery) c[0];
            // On a few dozen rows a bitmap scan plus an in-memory sort looks cheapest; on a real catalog the ordered
            // index scan that stops after limit + 1 rows wins. Forbidding the sort asks whether that scan exists.
            // Text search keeps its sort: its GIN index is not ordered.
            em.createNativeQuery("set local enable_sort = " + (q.text() == null ? "off" : "on")).executeUpdate();
            plans.put(name, explain(q, c[1]));
        });
        return plans;
    }

    private String explain(ProductQuery q, Object afterKey) {
        Map<String, Object> params = new LinkedHashMap<>();
        Query query = em.createNativeQuery("explain " + ProductSearch.sql(q, afterKey, params));
        params.forEach(query::setParameter);
        if (afterKey != null) {
            query.setParameter("afterKey", afterKey).setParameter("afterId", ID);
        }
        @SuppressWarnings("unchecked")
        List<Object> lines = query.getResultList();
        return String.join("\n", lines.stream().map(String::valueOf).toList());
    }

    private static void add(String name, ProductQuery q, Object afterKey) {
        CASES.put(name, new Object[] {q, afterKey});
    }

    private static ProductQuery query(UUID category, BigDecimal min, BigDecimal max, ProductStatus status, String text,
            ProductSort sort) {
        return new ProductQuery(category, min, max, status, text, sort, 20, null);
    }
}
