package io.scalableapi.gateway.rest;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.docs.OpenApiAggregator;
import io.scalableapi.gateway.problem.ProblemResponses;
import io.scalableapi.gateway.pipeline.AdmissionGate;
import io.scalableapi.gateway.pipeline.RequestPipeline;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Wires the gateway into the HTTP server: everything under {@code /api/} except the documentation first passes the
 * admission gate, ahead of every route Quarkus installs (so a refusal under overload costs as little as possible), then
 * goes through the request pipeline, ahead of the application's routes; whatever no route answers gets a 404 problem. Plain Vert.x routes, not JAX-RS, so
 * bodies stream and nothing is buffered or deserialized.
 */
@ApplicationScoped
public class GatewayRoutes {

    static final String DOCS = "/api/docs";

    void register(@Observes Router router, AdmissionGate admission, RequestPipeline pipeline, ProblemResponses problems,
            OpenApiAggregator docs) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (isApi(ctx.request().path())) {
                admission.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.get(DOCS + "/openapi.json").order(-101).handler(ctx -> docs.document()
                .onSuccess(doc -> ctx.response().putHeader("Content-Type", "application/json").end(doc.encode()))
                .onFailure(e -> problems.send(ctx, ProblemType.BAD_GATEWAY, "The API documents could not be merged")));
        router.route().order(-100).handler(ctx -> {
            if (isApi(ctx.request().path())) {
                pipeline.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MAX_VALUE).handler(ctx -> problems.send(ctx, ProblemType.NOT_FOUND,
                "No route for this path"));
    }

    /** An API request: under /api/ and not the documentation, which is neither counted nor refused. */
    static boolean isApi(String path) {
        return path != null && path.startsWith("/api/") && !path.equals(DOCS) && !path.startsWith(DOCS + "/");
    }
}
