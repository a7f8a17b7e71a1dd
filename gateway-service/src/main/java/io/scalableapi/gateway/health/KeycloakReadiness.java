package io.scalableapi.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Keycloak's OIDC discovery document answers. Without it a restarted gateway cannot load the signing keys, and every
 * authenticated request would fail, so a gateway that cannot reach it should not take traffic.
 */
@Readiness
@ApplicationScoped
public class KeycloakReadiness implements HealthCheck {

    static final String NAME = "keycloak";

    private final URI discovery;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KeycloakReadiness(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        String base = authServerUrl.endsWith("/") ? authServerUrl : authServerUrl + "/";
        this.discovery = URI.create(base + ".well-known/openid-configuration");
    }

    @Override
    public HealthCheckResponse call() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? HealthCheckResponse.up(NAME)
                    : HealthCheckResponse.named(NAME).down().withData("status", response.statusCode()).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named(NAME).down().withData("reason", e.toString()).build();
        }
    }
}
