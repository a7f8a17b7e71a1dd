package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.config.GatewayConfig.FailMode;
import io.scalableapi.gateway.config.GatewayConfig.KeyMode;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies.Policy;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** Issue 17 item 5: the policy's key mode, not the token, decides which budget a request is counted against. */
class RateLimitKeysTest {

    private final RateLimitKeys keys = new RateLimitKeys(new AddressKeys(64));
    private final Caller alice = caller("alice-sub", null, "platform-cli");
    private final Caller service = caller("sa-sub", "gateway", "gateway");
    private final Caller anonymous = Caller.anonymous(null);

    @Test
    void addressModeIgnoresTheToken() {
        Policy p = policy(KeyMode.ADDRESS);
        assertEquals("ip:203.0.113.5", keys.keyFor(p, alice, "203.0.113.5"));
        assertEquals("ip:203.0.113.5", keys.keyFor(p, service, "203.0.113.5"));
        assertEquals("ip:203.0.113.5", keys.keyFor(p, anonymous, "203.0.113.5"));
        assertEquals("ip:2001:db8:0:1:0:0:0:0/64", keys.keyFor(p, alice, "2001:db8:0:1::99"));
    }

    @Test
    void subjectModeCountsPeopleBySubjectAndServiceAccountsByClient() {
        Policy p = policy(KeyMode.SUBJECT);
        assertEquals("sub:alice-sub", keys.keyFor(p, alice, "203.0.113.5"));
        assertEquals("client:gateway", keys.keyFor(p, service, "203.0.113.5"));
        assertEquals("ip:203.0.113.5", keys.keyFor(p, anonymous, "203.0.113.5"));
    }

    @Test
    void clientModeCountsEveryUserOfOneApplicationTogether() {
        Policy p = policy(KeyMode.CLIENT);
        assertEquals("client:platform-cli", keys.keyFor(p, alice, "203.0.113.5"));
        assertEquals("client:platform-cli", keys.keyFor(p, caller("bob-sub", null, "platform-cli"), "198.51.100.1"));
        assertEquals("client:gateway", keys.keyFor(p, service, "203.0.113.5"));
        assertEquals("ip:203.0.113.5", keys.keyFor(p, anonymous, "203.0.113.5"));
    }

    private static Policy policy(KeyMode mode) {
        return new Policy("p", mode, FailMode.FAIL_OPEN, "plan", Map.of("default", new Tier("p-default", 10, 60_000, 10)));
    }

    private static Caller caller(String subject, String clientId, String azp) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setClaim("azp", azp);
        if (clientId != null) {
            claims.setClaim("client_id", clientId);
            claims.setClaim("preferred_username", "service-account-" + clientId);
        }
        return Caller.of(QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal("token", claims))
                .build());
    }
}
