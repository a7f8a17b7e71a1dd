package io.scalableapi.gateway.journeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole platform for the journeys: the four packaged services as processes on free ports, wired to the real
 * PostgreSQL, Kafka, Infinispan and Keycloak that scripts/test.sh started. Started once for all journey classes and
 * stopped, by PID, when the test run ends. Clients only ever see {@link #gateway()}.
 */
public final class RunningPlatform implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static RunningPlatform started;

    final ServiceProcess catalog;
    final ServiceProcess user;
    final ServiceProcess cache;
    final ServiceProcess gateway;
    /**
     * catalog's and user's PostgreSQL connections pass through these relays, so a journey can cut the database away
     * from them (as if PostgreSQL went down) without touching the machine's server, which is shared.
     */
    final io.scalableapi.gateway.support.TcpProxy catalogDb;
    final io.scalableapi.gateway.support.TcpProxy userDb;
    /**
     * cache-service's PostgreSQL and Infinispan connections pass through these relays, so a journey can take a
     * dependency away from its event consumer alone, for minutes, while the shared servers keep serving the others.
     */
    final io.scalableapi.gateway.support.TcpProxy cacheDb;
    final io.scalableapi.gateway.support.TcpProxy cacheInfinispan;
    private final io.vertx.core.Vertx vertx;
    /** Names this run's Kafka consumer group and rate-limit keys, so a concurrently running platform is unaffected. */
    final String runId = UUID.randomUUID().toString().substring(0, 8);

    public RunningPlatform() {
        this(null);
    }

    private RunningPlatform(Path repository) {
        if (repository == null) {
            catalog = user = cache = gateway = null;
            catalogDb = userDb = cacheDb = cacheInfinispan = null;
            vertx = null;
            return;
        }
        vertx = io.vertx.core.Vertx.vertx();
        try {
            catalogDb = io.scalableapi.gateway.support.TcpProxy.start(vertx, "127.0.0.1", 5432);
            userDb = io.scalableapi.gateway.support.TcpProxy.start(vertx, "127.0.0.1", 5432);
            cacheDb = io.scalableapi.gateway.support.TcpProxy.start(vertx, "127.0.0.1", 5432);
            cacheInfinispan = io.scalableapi.gateway.support.TcpProxy.start(vertx, "127.0.0.1", 11222);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the database relays", e);
        }
        catalog = new ServiceProcess(repository, "catalog-service", databaseWithReplica("catalog", catalogDb.port()));
        user = new ServiceProcess(repository, "user-service", databaseWithReplica("users", userDb.port()));
        Map<String, String> cacheProps = database("cache", cacheDb.port());
        // Hot Rod and REST through the relay. BASIC intelligence: the client keeps to the configured address instead
        // of the server's own (127.0.0.1:11222) from the topology it would otherwise receive, which bypasses the relay.
        cacheProps.put("quarkus.infinispan-client.hosts", "127.0.0.1:" + cacheInfinispan.port());
        cacheProps.put("quarkus.infinispan-client.client-intelligence", "BASIC");
        cacheProps.put("cache-service.infinispan-rest.url", "http://127.0.0.1:" + cacheInfinispan.port());
        cacheProps.put("mp.messaging.incoming.platform-events.group.id", "cache-service-journeys-" + runId);
        // Warm-ups read this run's catalog, not whatever listens on the local default port.
        cacheProps.put("cache-service.warm-up.catalog-url", catalog.url());
        cache = new ServiceProcess(repository, "cache-service", cacheProps);
        Map<String, String> gatewayProps = new LinkedHashMap<>();
        gatewayProps.put("gateway.upstreams.catalog.urls", catalog.url());
        gatewayProps.put("gateway.upstreams.user.urls", user.url());
        gatewayProps.put("gateway.upstreams.cache.urls", cache.url());
        gatewayProps.put("gateway.upstreams.catalog.openapi-url", catalog.managementUrl() + "/q/openapi");
        gatewayProps.put("gateway.upstreams.user.openapi-url", user.managementUrl() + "/q/openapi");
        gatewayProps.put("gateway.upstreams.cache.openapi-url", cache.managementUrl() + "/q/openapi");
        gatewayProps.put("gateway.rate-limit.namespace", "journeys-" + runId);
        // A small tier for the rate-limit journey: alice (plan free) meets it at once and it does not refill during
        // the run; bob (plan pro) keeps his. Anonymous journeys poll, so their tier is out of the way.
        gatewayProps.put("gateway.rate-limit.policies.standard.tiers.free.limit", "30");
        gatewayProps.put("gateway.rate-limit.policies.standard.tiers.free.burst", "30");
        gatewayProps.put("gateway.rate-limit.policies.standard.tiers.free.window", "1h");
        gatewayProps.put("gateway.rate-limit.policies.standard.tiers.anonymous.limit", "100000");
        gatewayProps.put("gateway.rate-limit.policies.standard.tiers.anonymous.burst", "100000");
        // Registrations keep their tight anonymous tier; a caller with plan pro (bob) gets a large one, so the fault
        // journeys can register dozens of people through the gateway in one run.
        // The fuzz journey sends malformed registrations anonymously (they never create an account); from the same
        // address the production tier (3 at once, 10 per 10 minutes) would leave none for the person journeys after it.
        gatewayProps.put("gateway.rate-limit.policies.registration.tiers.anonymous.limit", "100000");
        gatewayProps.put("gateway.rate-limit.policies.registration.tiers.anonymous.burst", "100000");
        gatewayProps.put("gateway.rate-limit.policies.registration.tiers.pro.limit", "100000");
        gatewayProps.put("gateway.rate-limit.policies.registration.tiers.pro.burst", "100000");
        AttackFixtures.gatewayProperties(gatewayProps);
        gateway = new ServiceProcess(repository, "gateway-service", gatewayProps);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (RunningPlatform.class) {
            if (started == null) {
                io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
                RunningPlatform platform = new RunningPlatform(repositoryRoot());
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningPlatform.class, platform);
                platform.startAll();
                started = platform;
            }
        }
    }

    public static RunningPlatform get() {
        if (started == null) {
            throw new IllegalStateException("Annotate the journey with @ExtendWith(RunningPlatform.class)");
        }
        return started;
    }

    public String gateway() {
        return gateway.url();
    }

    private void startAll() {
        AttackFixtures.prepareKeycloak();
        List<ServiceProcess> domain = List.of(catalog, user, cache);
        domain.forEach(ServiceProcess::start);
        domain.forEach(s -> s.awaitReady(READY_TIMEOUT));
        gateway.start().awaitReady(READY_TIMEOUT);
    }

    /** Stops a domain service (a journey of its outage) and starts it again on the same port. */
    public void restart(ServiceProcess service) {
        service.stop();
        service.start().awaitReady(READY_TIMEOUT);
    }

    @Override
    public void close() {
        for (ServiceProcess s : List.of(gateway, cache, user, catalog)) {
            s.stop();
        }
        catalogDb.close();
        userDb.close();
        cacheDb.close();
        cacheInfinispan.close();
        vertx.close();
        started = null;
    }

    private static Map<String, String> database(String name, int port) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "_test");
        return props;
    }

    /**
     * catalog and user have a read replica (5433). The journeys cut the primary through a relay and read right after
     * writing as other clients: their reads stay on the primary. The replica has tests of its own in those services.
     */
    private static Map<String, String> databaseWithReplica(String name, int port) {
        Map<String, String> props = database(name, port);
        props.put("quarkus.datasource.replica.jdbc.url", "jdbc:postgresql://127.0.0.1:5433/" + name + "_test");
        props.put("platform.read-replica.enabled", "false");
        return props;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Not inside the repository");
        }
        return dir;
    }
}
