package io.scalableapi.defaults.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The OpenID provider answers its discovery document. A dependency, not readiness (see {@link DependenciesGroup}):
 * tokens are verified against keys already in memory, and public reads need no token at all.
 */
@HealthGroup(DependenciesGroup.NAME)
@ApplicationScoped
public class OidcProviderCheck implements HealthCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Optional<String> authServerUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    OidcProviderCheck(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        this.authServerUrl = authServerUrl;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("OpenID provider");
        if (authServerUrl.isEmpty()) {
            return response.down().withData("reason", "quarkus.oidc.auth-server-url is not set").build();
        }
        String url = authServerUrl.get().replaceAll("/$", "") + "/.well-known/openid-configuration";
        response.withData("url", url);
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.status(r.statusCode() == 200).withData("status", r.statusCode()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e)).build();
        }
    }
}
