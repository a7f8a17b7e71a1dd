package io.scalableapi.catalog.rest;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ProblemResponses;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Races the friendly pre-checks cannot see: two writers inserting the same SKU or name (the unique constraint decides),
 * or a version that moved between read and write. Both are the client's to resolve, never a 500.
 */
public class PersistenceConflicts {

    @ServerExceptionMapper
    public Response unique(ConstraintViolationException e, ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.CONFLICT,
                "The change conflicts with existing data (" + e.getConstraintName() + ")"), request);
    }

    @ServerExceptionMapper
    public Response staleVersion(OptimisticLockException e, ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.PRECONDITION_FAILED,
                "The resource changed concurrently; read it again and retry"), request);
    }
}
