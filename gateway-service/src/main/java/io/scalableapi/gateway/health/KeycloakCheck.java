package io.scalableapi.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.HealthGroup;

/**
 * Keycloak's OIDC discovery document answers. In the {@code dependencies} group, not in readiness: tokens are checked
 * against keys already in memory, so an outage only stops new logins, and every replica would otherwise leave the load
 * balancer at once. {@link WarmedUpReadiness} uses it until Keycloak has answered once. Non-blocking, bounded to 2 s.
 */
@HealthGroup(DependenciesGroup.NAME)
@ApplicationScoped
public class KeycloakCheck implements AsyncHealthCheck {

    static final String NAME = "keycloak";

    private final URI discovery;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KeycloakCheck(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        String base = authServerUrl.endsWith("/") ? authServerUrl : authServerUrl + "/";
        this.discovery = URI.create(base + ".well-known/openid-configuration");
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HttpRequest request = HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(response -> response.statusCode() == 200 ? HealthCheckResponse.up(NAME)
                        : HealthCheckResponse.named(NAME).down().withData("status", response.statusCode()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", e.toString()).build());
    }
}
