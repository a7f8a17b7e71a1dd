package io.scalableapi.catalog.domain;

import io.scalableapi.catalog.events.CatalogEvents;
import io.scalableapi.contracts.catalog.CategoryV1;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Reads and changes categories; each change writes its outbox event in the same transaction. */
@ApplicationScoped
public class CategoryService {
    private final CatalogEvents events;

    CategoryService(CatalogEvents events) {
        this.events = events;
    }

    public CategoryV1 get(UUID id) {
        Category c = Category.findById(id);
        if (c == null) {
            throw ApiException.notFound("Category " + id);
        }
        return c.toV1();
    }

    /** Categories ordered by name, after {@code afterName} when given (keyset: names are unique). */
    public List<CategoryV1> list(String afterName, int limit) {
        var query = afterName == null ? Category.find("order by name")
                : Category.find("name > ?1 order by name", afterName);
        return query.page(0, limit).<Category>list().stream().map(Category::toV1).toList();
    }

    @Transactional
    public CategoryV1 create(String name, String description) {
        requireFreeName(name, null);
        Category c = new Category();
        c.id = UUID.randomUUID();
        c.name = name;
        c.description = description;
        c.version = 1;
        c.createdAt = CatalogClock.now();
        c.updatedAt = c.createdAt;
        c.persist();
        Category.flush();
        CategoryV1 created = c.toV1();
        events.categoryCreated(created);
        return created;
    }

    @Transactional
    public CategoryV1 replace(UUID id, ExpectedVersion expected, String name, String description) {
        Category c = lockExisting(id);
        expected.check(c.version, "The category");
        requireFreeName(name, id);
        c.name = name;
        c.description = description;
        c.updatedAt = CatalogClock.now();
        Category.flush();
        CategoryV1 after = c.toV1();
        events.categoryUpdated(after);
        return after;
    }

    @Transactional
    public void delete(UUID id, ExpectedVersion expected) {
        Category c = lockExisting(id);
        expected.check(c.version, "The category");
        if (Product.count("categoryId", id) > 0) {
            throw new ApiException(ProblemType.CONFLICT, "The category still has products; move or delete them first");
        }
        CategoryV1 last = c.toV1();
        c.delete();
        events.categoryDeleted(last, CatalogClock.now());
    }

    private static Category lockExisting(UUID id) {
        Category c = Category.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw ApiException.notFound("Category " + id);
        }
        return c;
    }

    private static void requireFreeName(String name, UUID except) {
        long taken = except == null ? Category.count("name", name) : Category.count("name = ?1 and id <> ?2", name, except);
        if (taken > 0) {
            throw new ApiException(ProblemType.CONFLICT, "A category named '" + name + "' already exists");
        }
    }
}
