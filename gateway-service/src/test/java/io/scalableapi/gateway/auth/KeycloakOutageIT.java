package io.scalableapi.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.gateway.support.EchoUpstream;
import io.scalableapi.gateway.support.GatewayProcess;
import io.scalableapi.gateway.support.TcpProxy;
import io.scalableapi.gateway.support.Tokens;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keycloak becomes unreachable (the gateway reaches it through a relay the test freezes). Tokens are still validated
 * against the signing keys quarkus-oidc loaded before, so valid tokens pass and bad ones are still refused.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KeycloakOutageIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Vertx vertx;
    private static EchoUpstream upstream;
    private static TcpProxy keycloak;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        GatewayProcess.requirePackagedJar();
        vertx = Vertx.vertx();
        upstream = EchoUpstream.start(vertx, "users");
        keycloak = TcpProxy.start(vertx, "127.0.0.1", 8180);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + keycloak.port() + "/realms/platform");
        // Keycloak names itself by its fixed hostname in discovery and tokens: point at the relay explicitly.
        config.put("quarkus.oidc.discovery-enabled", "false");
        config.put("quarkus.oidc.jwks-path", "protocol/openid-connect/certs");
        config.put("quarkus.oidc.token.issuer", Tokens.REALM);
        config.put("gateway.upstreams.user.urls", upstream.url());
        config.put("gateway.rate-limit.namespace", "it-" + UUID.randomUUID());
        gateway = GatewayProcess.start("keycloak-outage", config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void validTokensPassOnCachedKeysWhileKeycloakIsAway() throws Exception {
        String alice = Tokens.of("alice");
        String bob = Tokens.of("bob");
        assertEquals(200, get("/api/v1/users/me", alice).statusCode());

        keycloak.freeze();
        try {
            assertEquals(200, get("/api/v1/users/me", alice).statusCode());
            assertEquals(200, get("/api/v1/users/me", bob).statusCode(), "a token not seen before, same signing key");
            HttpResponse<String> bad = get("/api/v1/users/me", alice.substring(0, alice.length() - 4) + "AAAA");
            assertEquals(401, bad.statusCode(), "a forged signature is still refused");
            assertTrue(bad.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
            assertEquals(401, get("/api/v1/users/me", null).statusCode());
            assertEquals(200, get("/q/health/ready", null).statusCode(), "valid tokens still pass: stay in the balancer");
            assertEquals(503, get("/q/health/group/dependencies", null).statusCode(), "operators see Keycloak is away");
        } finally {
            keycloak.thaw();
        }
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((path.startsWith("/q/") ? gateway.managementUrl() : gateway.url()) + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
