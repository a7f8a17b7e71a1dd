import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production-parity smoke journey (scripts/parity.sh smoke): what an API client does first, through the gateway
 * only, against services started exactly as the prod overlay starts them. Each step touches one dependency the
 * cluster must get right: the rate-limit store (Infinispan, the services' role), Keycloak's issuer, PostgreSQL
 * writes and standby reads, the outbox to Kafka and cache-service's coherence.
 *
 * <p>Run as a single-file program: {@code java ParitySmoke.java <gateway-url> <realm-url>}. Exit status 0 when every
 * step passed; the first failure prints what was expected and what came back.
 */
public final class ParitySmoke {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String gateway;
    private static int steps;

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        String realm = args[1];
        long start = System.nanoTime();

        // The first call to each service reaches a JVM that has just turned ready (cold JIT, first pool and cache
        // connections; seconds on a loaded 2-core machine, over the gateway's 5 s route timeout): allow it up to 30 s of
        // retries and print how many it took. Every later call must succeed at once.
        HttpResponse<String> list = eventually("anonymous product list (first call)", 200,
                get("/api/v1/products?limit=5"), Duration.ofSeconds(30));
        require(list.headers().firstValue("RateLimit-Policy").isPresent(),
                "the rate limiter answered (RateLimit-Policy header): headers " + list.headers().map());

        // DEV ONLY users of the local realm (scripts/infra/keycloak/platform-realm.json).
        String admin = token(realm, "admin", "admin-dev-password");
        String alice = token(realm, "alice", "alice-dev-password");

        HttpResponse<String> me = eventually("alice reads her profile (first call to user-service)", 200,
                get("/api/v1/users/me").header("Authorization", "Bearer " + alice), Duration.ofSeconds(30));
        require(me.body().contains("alice"), "her profile names her: " + me.body());

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> category = send(post("/api/v1/categories", "{\"name\":\"Parity " + suffix + "\"}")
                .header("Authorization", "Bearer " + admin));
        expect("admin creates a category", 201, category);
        String categoryId = field(category.body(), "id");

        String product = "{\"sku\":\"parity-" + suffix + "\",\"name\":\"Parity lamp\",\"description\":\"smoke\","
                + "\"price\":%s,\"currency\":\"EUR\",\"stockQuantity\":3,\"categoryId\":\"" + categoryId + "\","
                + "\"status\":\"ACTIVE\",\"attributes\":{}}";
        HttpResponse<String> created = send(post("/api/v1/products", String.format(product, "10.00"))
                .header("Authorization", "Bearer " + admin).header("Idempotency-Key", UUID.randomUUID().toString()));
        expect("admin creates a product", 201, created);
        String id = field(created.body(), "id");

        HttpResponse<String> read = eventually("the new product reads back", 200, get("/api/v1/products/" + id),
                Duration.ofSeconds(10));
        String etag = read.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + id));

        HttpResponse<String> changed = send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/products/" + id))
                .PUT(HttpRequest.BodyPublishers.ofString(String.format(product, "12.50")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .header("If-Match", etag).timeout(Duration.ofSeconds(10)));
        expect("admin changes the price", 200, changed);
        String newEtag = changed.headers().firstValue("ETag").orElse("");

        // The change reaches readers through the outbox, Kafka and cache-service's invalidation.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> again = send(get("/api/v1/products/" + id));
            if (again.statusCode() == 200 && newEtag.equals(again.headers().firstValue("ETag").orElse(""))
                    && again.body().contains("12.5")) {
                steps++;
                break;
            }
            require(System.nanoTime() < deadline, "readers see the new price within 20 s: last " + again.statusCode()
                    + " " + again.headers().firstValue("ETag").orElse("-") + " " + again.body());
            Thread.sleep(250);
        }

        eventually("admin reads cache-service's statistics (first call to cache-service)", 200,
                get("/api/v1/cache/caches").header("Authorization", "Bearer " + admin), Duration.ofSeconds(30));

        HttpResponse<String> missing = send(get("/api/v1/products/" + UUID.randomUUID()));
        expect("an unknown product", 404, missing);
        require(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                "errors are problem+json: " + missing.headers().map());

        System.out.printf("[parity] smoke journey passed: %d steps in %d ms through %s%n", steps,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), gateway);
    }

    private static String token(String realm, String user, String password) throws Exception {
        String form = "grant_type=password&client_id=platform-cli&username=" + enc(user) + "&password=" + enc(password);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(10)));
        expect("token for " + user, 200, r);
        return field(r.body(), "access_token");
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(gateway + path)).GET().timeout(Duration.ofSeconds(10));
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(gateway + path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> eventually(String step, int status, HttpRequest.Builder request,
            Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        HttpResponse<String> r;
        int attempts = 1;
        while ((r = send(request)).statusCode() != status && System.nanoTime() < deadline) {
            System.out.printf("[parity] ..  %s: %d, again%n", step, r.statusCode());
            attempts++;
            Thread.sleep(200);
        }
        expect(step + (attempts > 1 ? " after " + attempts + " attempts" : ""), status, r);
        return r;
    }

    private static void expect(String step, int status, HttpResponse<String> r) {
        require(r.statusCode() == status, step + ": expected " + status + ", got " + r.statusCode() + " "
                + r.headers().firstValue("Content-Type").orElse("") + " " + r.body());
        steps++;
        System.out.printf("[parity] ok  %-60s %d%n", step, r.statusCode());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            System.out.println("[parity] FAILED: " + message);
            System.exit(1);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        require(m.find(), "field " + name + " in " + json);
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
