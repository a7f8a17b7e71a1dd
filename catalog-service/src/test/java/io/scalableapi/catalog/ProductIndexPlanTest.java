package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.catalog.domain.ProductIndexPlans;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EXPLAIN of the SQL the list API runs, for each filter and sort: served by an index, and ordered by it (no Sort
 * node). Sequential scans are switched off for the EXPLAIN, as the test table is too small for the planner to prefer an
 * index: the question is whether one exists that serves the query.
 */
@QuarkusTest
class ProductIndexPlanTest {
    private static final Logger LOG = Logger.getLogger(ProductIndexPlanTest.class);

    @Inject
    ProductIndexPlans plans;

    static List<String> queries() {
        return ProductIndexPlans.NAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void listQueryUsesAnIndex(String name) {
        Map<String, String> all = QuarkusTransaction.requiringNew().call(plans::explainAll);
        String plan = all.get(name);
        LOG.infof("Plan of %s:%n%s", name, plan);
        assertTrue(plan.contains("Index") || plan.contains("Bitmap Index Scan"), plan);
        if (!name.contains("text")) {
            // Text search ranks nothing: its matches are few and sorted in memory, bounded by the limit.
            assertFalse(plan.contains("Sort  ") || plan.contains("Sort Key"), plan);
        }
        assertFalse(plan.contains("Seq Scan"), plan);
    }
}
