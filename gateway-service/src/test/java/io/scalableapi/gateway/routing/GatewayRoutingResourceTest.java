package io.scalableapi.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.scalableapi.gateway.support.RawHttp;
import io.scalableapi.gateway.support.Tokens;
import io.scalableapi.gateway.support.UpstreamServers;
import org.junit.jupiter.api.Test;

/** Routing, header hygiene and edge authentication, against real upstream servers and the running Keycloak. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class GatewayRoutingResourceTest {

    @Test
    void aPublicGetReachesTheCatalogWithCleanForwardingHeaders() {
        String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().header("X-Request-Id", "rid-routing-1").header("traceparent", tp)
                .header("X-Forwarded-For", "6.6.6.6").header("X-Internal-User", "admin").header("X-User-Roles", "admin")
                .header("Forwarded", "for=6.6.6.6")
                .when().get("/api/v1/products/42?sort=name")
                .then().statusCode(200)
                .header("X-Request-Id", "rid-routing-1")
                .header("X-Upstream-Served", "yes")
                .header("X-Upstream-Hop", nullValue())
                .header("Keep-Alive", nullValue())
                .header("RateLimit-Policy", startsWith("\"standard-anonymous\";q=60;w=60"))
                .body("uri", equalTo("/api/v1/products/42?sort=name"))
                .body("headers.x-request-id", equalTo("rid-routing-1"))
                // The client's trace goes on, from the gateway's own span for this attempt (not the client's id).
                .body("headers.traceparent", matchesPattern("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"))
                .body("headers.traceparent", not(equalTo(tp)))
                // The client's own X-Forwarded-For is not believed from an untrusted peer.
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-real-ip", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-internal-user", nullValue())
                .body("headers.x-user-roles", nullValue())
                .body("headers.forwarded", nullValue());
    }

    @Test
    void corsPreflightFromAConfiguredOriginIsAnsweredAtTheEdge() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/products")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000");
        given().header("Origin", "http://evil.example").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/products")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aCorrelationIdIsMadeWhenTheClientSendsNone() {
        var response = given().when().get("/api/v1/categories").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).extract();
        assertEquals(response.header("X-Request-Id"), response.path("headers.x-request-id"));
    }

    @Test
    void theBearerTokenIsPassedToTheUpstream() {
        String token = Tokens.of("alice");
        given().auth().oauth2(token).when().get("/api/v1/users/me")
                .then().statusCode(200)
                .header("RateLimit-Policy", startsWith("\"standard-free\""))
                .body("headers.authorization", equalTo("Bearer " + token));
    }

    @Test
    void noTokenOnAnAuthenticatedRouteIs401BeforeAnyUpstreamCall() {
        int before = UpstreamServers.user.hits.get();
        given().when().get("/api/v1/users/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://scalableapi.io/problems/unauthorized"))
                .body("status", equalTo(401))
                .body("correlationId", matchesPattern(".+"));
        given().when().post("/api/v1/products").then().statusCode(401);
        assertEquals(before, UpstreamServers.user.hits.get());
    }

    @Test
    void anInvalidTokenIs401EvenOnAPublicRoute() {
        given().header("Authorization", "Bearer not.a.token").when().get("/api/v1/products")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void theCacheRouteNeedsTheAdminRole() {
        int before = UpstreamServers.cache.hits.get();
        given().auth().oauth2(Tokens.of("alice")).when().get("/api/v1/cache/stats")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://scalableapi.io/problems/forbidden"));
        assertEquals(before, UpstreamServers.cache.hits.get());
        given().auth().oauth2(Tokens.of("admin")).when().get("/api/v1/cache/stats")
                .then().statusCode(200).body("uri", equalTo("/api/v1/cache/stats"));
    }

    @Test
    void registrationIsPublicAndItsBodyIsLimited() {
        given().contentType("application/json").body("{\"username\":\"carol\"}")
                .when().post("/api/v1/users/registrations")
                .then().statusCode(200).body("method", equalTo("POST")).body("bodyBytes", equalTo(20));
        given().contentType("application/json").body("x".repeat(17 * 1024))
                .when().post("/api/v1/users/registrations")
                .then().statusCode(413).contentType("application/problem+json");
        // Without Content-Length (chunked) the limit is enforced while the body streams.
        given().contentType("application/json").body(new java.io.ByteArrayInputStream(new byte[17 * 1024]))
                .when().post("/api/v1/users/registrations")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void largeBodiesStreamThrough() {
        byte[] body = new byte[768 * 1024];
        given().auth().oauth2(Tokens.of("admin")).contentType("application/octet-stream").body(body)
                .when().put("/api/v1/products/7")
                .then().statusCode(200).body("bodyBytes", equalTo(body.length));
    }

    @Test
    void unknownPathsAndServiceInternalsAre404Problems() throws Exception {
        int before = UpstreamServers.catalog.hits.get();
        given().when().get("/api/v1/unknown").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://scalableapi.io/problems/not-found"));
        given().when().get("/nothing/here").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/q/not-an-endpoint").then().statusCode(404);
        int port = RestAssured.port;
        assertEquals(404, RawHttp.statusOf(port, "/api/v1/products/../../../q/health"));
        assertEquals(404, RawHttp.statusOf(port, "/api/v1/products/%2e%2e/%2e%2e/%2e%2e/q/metrics"));
        assertEquals(404, RawHttp.statusOf(port, "/api/v1/products/..%2F..%2F..%2Fq/health"));
        assertEquals(404, RawHttp.statusOf(port, "/api/v1/productsq/health"));
        assertEquals(before, UpstreamServers.catalog.hits.get(), "nothing of this reached an upstream");
    }
}
