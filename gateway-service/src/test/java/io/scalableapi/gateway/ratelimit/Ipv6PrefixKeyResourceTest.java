package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.scalableapi.gateway.support.RawClient;
import io.scalableapi.gateway.support.UpstreamServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 6, through the gateway: anonymous IPv6 clients behind the trusted proxy (127.0.0.9 in the test profile)
 * are keyed by their /64, so rotating addresses within it does not give a new budget. The "tight" policy: 3 per minute.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class Ipv6PrefixKeyResourceTest {

    private static final String PROXY = "127.0.0.9";

    @Test
    void rotatingAddressesWithinOneSlash64SharesOneBudget() {
        List<Integer> statuses = new ArrayList<>();
        for (String client : new String[] {"2001:db8:6:64::1", "2001:db8:6:64::2", "2001:db8:6:64:ffff:1:2:3",
                "2001:db8:6:64:abcd::9"}) {
            statuses.add(get(client).status());
        }
        assertEquals(List.of(200, 200, 200, 429), statuses, "four addresses of one /64 are one client");
        assertEquals(200, get("2001:db8:6:65::1").status(), "the next /64 is another client");
        assertEquals(200, get("203.0.113.64").status(), "an IPv4 client is its own address");
    }

    private static RawClient.Response get(String client) {
        return RawClient.send(PROXY, RestAssured.port, "GET", "/api/v1/limited/v6",
                List.<String[]>of(new String[] {"X-Forwarded-For", client}), null);
    }
}
