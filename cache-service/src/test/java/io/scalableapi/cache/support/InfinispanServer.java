package io.scalableapi.cache.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Optional;

/**
 * The Infinispan server seen through its own REST API (digest auth), independent of the service's Hot Rod client:
 * what the tests assert is what the server holds. It signs in as the operator's admin identity (DEV ONLY,
 * scripts/infra.sh), not as the service.
 */
public final class InfinispanServer {
    private static final String BASE = "http://127.0.0.1:11222/rest/v2/caches/";

    private InfinispanServer() {
    }

    public static RequestSpecification rest() {
        return given().auth().digest("operator", "operator-dev-only");
    }

    /** The cache's configuration as the server holds it (the document under the cache's name). */
    public static io.restassured.path.json.JsonPath configuration(String cache) {
        Response r = rest().get(BASE + cache + "?action=config");
        r.then().statusCode(200);
        return r.jsonPath().setRootPath(cache);
    }

    public static String rawConfiguration(String cache) {
        return rest().get(BASE + cache + "?action=config").then().statusCode(200).extract().asString();
    }

    /** The stored value, or empty when the key is absent. */
    public static Optional<String> entry(String cache, String key) {
        Response r = rest().accept("application/json").get(BASE + cache + "/" + key);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        r.then().statusCode(200);
        return Optional.of(r.asString());
    }

    public static Response entryResponse(String cache, String key) {
        return rest().accept("application/json").get(BASE + cache + "/" + key);
    }

    public static void put(String cache, String key, String json) {
        rest().contentType("application/json").body(json).put(BASE + cache + "/" + key).then().statusCode(204);
    }
}
