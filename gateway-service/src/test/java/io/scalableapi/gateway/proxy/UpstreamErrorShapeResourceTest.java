package io.scalableapi.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.scalableapi.gateway.support.UpstreamServers;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 4: an upstream's error without a problem document (an HTTP layer's bare 414, a text or HTML page)
 * reaches the client as problem+json with the same status, the platform's type and the correlation id; a problem
 * document from the upstream passes as it is; and the gateway refuses a request target too long for the services'
 * request line itself, before forwarding.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class UpstreamErrorShapeResourceTest {
    private static final String TYPES = "https://scalableapi.io/problems/";

    @AfterEach
    void healthyUpstream() {
        UpstreamServers.flaky.mode.set("ok");
        try {
            CircuitBreakerMaintenance.get().reset("route-flaky");
        } catch (IllegalArgumentException notUsedYet) {
            // SmallRye registers the breaker at its first call.
        }
    }

    @Test
    void aBare414FromTheUpstreamBecomesAProblem() {
        UpstreamServers.flaky.mode.set("status:414:empty");
        Response r = given().header("X-Request-Id", "shape-414").get("/api/v1/flaky/long");
        r.then().statusCode(414)
                .contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", "shape-414")
                .body("status", equalTo(414))
                .body("type", equalTo(TYPES + "uri-too-long"))
                .body("correlationId", equalTo("shape-414"))
                .body("instance", equalTo("/api/v1/flaky/long"));
    }

    @Test
    void textAndHtmlErrorsBecomeProblemsWithTheirStatus() {
        UpstreamServers.flaky.mode.set("status:404:text");
        given().get("/api/v1/flaky/x").then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("type", equalTo(TYPES + "not-found")).body("correlationId", notNullValue());

        // A status without a type of its own keeps its status and says what it is.
        UpstreamServers.flaky.mode.set("status:410:html");
        given().get("/api/v1/flaky/x").then().statusCode(410).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(410)).body("title", equalTo("Gone"))
                .body("type", equalTo(TYPES + "malformed-request")).body("correlationId", notNullValue());

        // The explaining header survives the rewriting.
        UpstreamServers.flaky.mode.set("status:503:text");
        given().get("/api/v1/flaky/x").then().statusCode(503).header("Retry-After", "7")
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(TYPES + "service-unavailable")).body("correlationId", notNullValue());
    }

    @Test
    void aFailedAnswerKeptForTheClientIsReshapedToo() {
        // 502 counts as a failure (circuit breaker): it comes back through the forward step's kept answer.
        UpstreamServers.flaky.mode.set("status:502:html");
        given().body("{}").contentType("application/json").post("/api/v1/flaky/x")
                .then().statusCode(502).contentType(startsWith("application/problem+json"))
                .body("type", equalTo(TYPES + "bad-gateway")).body("correlationId", notNullValue());
    }

    @Test
    void anUpstreamProblemPassesAsItIs() {
        UpstreamServers.flaky.mode.set("status:409:problem");
        given().get("/api/v1/flaky/x").then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("from the upstream"));
    }

    @Test
    void aTargetTooLongForTheServicesIsRefusedBeforeForwarding() {
        int before = UpstreamServers.flaky.hits.get();
        given().header("X-Request-Id", "shape-target").get("/api/v1/flaky/x?q=" + "a".repeat(5000))
                .then().statusCode(414)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(TYPES + "uri-too-long"))
                .body("correlationId", equalTo("shape-target"));
        assertEquals(before, UpstreamServers.flaky.hits.get(), "refused at the gateway, never forwarded");
        // Just under the limit still goes through.
        given().get("/api/v1/flaky/x?q=" + "a".repeat(3900)).then().statusCode(200);
    }
}
