package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.scalableapi.gateway.support.RawClient;
import io.scalableapi.gateway.support.Tokens;
import io.scalableapi.gateway.support.UpstreamServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 5: the registration policy is keyed by the client address (key mode {@code address}), whatever token
 * comes with the request, so new accounts do not buy new registration budgets. Production's policy: 3 back to back, 10
 * per 10 minutes. Each client here is a loopback address of its own (127.0.0.x), so no other test's budget is touched.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class RegistrationKeyedByAddressResourceTest {

    private static final String REGISTRATIONS = "/api/v1/users/registrations";

    @Test
    void tokensOfOtherPeopleDoNotBuyAnotherRegistrationBudget() {
        String client = "127.0.0.31";
        List<Integer> statuses = new ArrayList<>();
        for (String token : new String[] {Tokens.of("alice"), Tokens.of("bob"), Tokens.of("admin"),
                Tokens.serviceAccount(), null}) {
            statuses.add(register(client, token).status());
        }
        assertEquals(List.of(200, 200, 200, 429, 429), statuses,
                "alice, bob, admin, a service account and an anonymous caller from one address share its 3 at once");
        RawClient.Response refused = register(client, Tokens.of("alice"));
        assertEquals("application/problem+json", refused.header("content-type"));
        assertEquals("\"registration-default\";q=10;w=600", refused.header("RateLimit-Policy"));
    }

    @Test
    void anotherAddressHasItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, register("127.0.0.32", null).status());
        }
        assertEquals(429, register("127.0.0.32", Tokens.of("bob")).status());
        assertEquals(200, register("127.0.0.33", Tokens.of("bob")).status(), "the budget is the address's, not global");
    }

    private static RawClient.Response register(String client, String token) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "application/json"});
        if (token != null) {
            headers.add(new String[] {"Authorization", "Bearer " + token});
        }
        return RawClient.send(client, RestAssured.port, "POST", REGISTRATIONS, headers, "{\"username\":\"dave\"}");
    }
}
