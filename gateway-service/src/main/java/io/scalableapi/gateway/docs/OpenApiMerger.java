package io.scalableapi.gateway.docs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the services' OpenAPI documents into the one document clients see. Only paths the gateway routes to that service
 * are kept (a service's /q endpoints or unrouted paths never show). Schemas of the same name from two services must be
 * equal; otherwise the later one is kept under a name prefixed with its service, and the clash is listed in the document.
 *
 * <p>What the gateway itself does to every call is declared here, once, not by each service: the gateway is the only
 * server; clients sign in at Keycloak (one OAuth 2 scheme, {@value #SECURITY_SCHEME}, which every secured operation
 * requires instead of the services' in-cluster OpenID Connect scheme, so generated clients send the token and Swagger UI's
 * Authorize works); every response carries the RateLimit headers; and 429, 502, 503 and 504 can come from the gateway.
 */
public final class OpenApiMerger {

    /** The security scheme secured operations name; generated clients expose it as their access-token setting. */
    public static final String SECURITY_SCHEME = "keycloak";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Where clients call and sign in (see {@link DocsConfig}). */
    public record Portal(String serverUrl, String authorizationUrl, String tokenUrl) {
        public static Portal of(DocsConfig config) {
            return new Portal(config.serverUrl(), config.authorizationUrl(), config.tokenUrl());
        }
    }

    private OpenApiMerger() {
    }

    /** {@code documents}: service name → its document; {@code prefixes}: service name → the prefixes routed to it. */
    public static JsonObject merge(String title, Map<String, JsonObject> documents, Map<String, List<String>> prefixes,
            Portal portal) {
        JsonObject paths = new JsonObject();
        JsonObject schemas = new JsonObject();
        JsonArray tags = new JsonArray();
        JsonArray clashes = new JsonArray();
        documents.forEach((service, doc) -> {
            JsonObject servicePaths = doc.getJsonObject("paths", new JsonObject());
            for (String path : servicePaths.fieldNames()) {
                if (routedTo(path, prefixes.getOrDefault(service, List.of()))) {
                    paths.put(path, throughGateway(servicePaths.getJsonObject(path).copy()));
                }
            }
            JsonObject serviceSchemas = doc.getJsonObject("components", new JsonObject())
                    .getJsonObject("schemas", new JsonObject());
            for (String name : serviceSchemas.fieldNames()) {
                Object schema = serviceSchemas.getValue(name);
                if (schemas.containsKey(name) && !schemas.getValue(name).equals(schema)) {
                    clashes.add(service + ":" + name);
                    schemas.put(service + "_" + name, schema);
                } else {
                    schemas.put(name, schema);
                }
            }
            doc.getJsonArray("tags", new JsonArray()).forEach(tags::add);
        });
        JsonObject merged = new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", title).put("version", "v1")
                        .put("description", "One document for every service behind the gateway. Sign in at Keycloak "
                                + "(realm platform) and send the access token as a bearer token; every response carries "
                                + "the RateLimit and RateLimit-Policy headers (draft-ietf-httpapi-ratelimit-headers)."))
                .put("servers", new JsonArray().add(new JsonObject().put("url", portal.serverUrl())
                        .put("description", "The gateway, the only entry point")))
                .put("paths", paths)
                .put("components", new JsonObject()
                        .put("schemas", schemas)
                        .put("headers", rateLimitHeaders())
                        .put("securitySchemes", new JsonObject().put(SECURITY_SCHEME, securityScheme(portal))));
        if (!tags.isEmpty()) {
            merged.put("tags", tags);
        }
        if (!clashes.isEmpty()) {
            merged.put("x-schema-clashes", clashes);
        }
        return merged;
    }

    /** One path item as the gateway serves it: its scheme for secured operations, its headers and its own errors. */
    private static JsonObject throughGateway(JsonObject item) {
        for (String method : item.fieldNames()) {
            if (!METHODS.contains(method)) {
                continue;
            }
            JsonObject operation = item.getJsonObject(method);
            JsonArray security = operation.getJsonArray("security");
            if (security != null && !security.isEmpty()) {
                operation.put("security", new JsonArray().add(new JsonObject().put(SECURITY_SCHEME, new JsonArray())));
            }
            JsonObject responses = operation.getJsonObject("responses");
            if (responses == null) {
                responses = new JsonObject();
                operation.put("responses", responses);
            }
            gatewayResponse(responses, "429", "Rate limit exceeded; retry after Retry-After seconds", true);
            gatewayResponse(responses, "502", "The service behind the gateway failed", false);
            gatewayResponse(responses, "503", "Overloaded or the service is unavailable; retry after Retry-After", true);
            gatewayResponse(responses, "504", "The service behind the gateway did not answer in time", false);
            for (String status : responses.fieldNames()) {
                Object response = responses.getValue(status);
                if (response instanceof JsonObject r && !r.containsKey("$ref")) {
                    JsonObject headers = r.getJsonObject("headers", new JsonObject());
                    headers.put("RateLimit", new JsonObject().put("$ref", "#/components/headers/RateLimit"));
                    headers.put("RateLimit-Policy", new JsonObject().put("$ref", "#/components/headers/RateLimit-Policy"));
                    r.put("headers", headers);
                }
            }
        }
        return item;
    }

    private static void gatewayResponse(JsonObject responses, String status, String description, boolean retryAfter) {
        if (responses.containsKey(status)) {
            return;
        }
        JsonObject response = new JsonObject().put("description", description)
                .put("content", new JsonObject().put("application/problem+json",
                        new JsonObject().put("schema", new JsonObject().put("$ref", PROBLEM_REF))));
        if (retryAfter) {
            response.put("headers", new JsonObject().put("Retry-After", new JsonObject()
                    .put("description", "Seconds to wait before retrying (RFC 9110)")
                    .put("schema", new JsonObject().put("type", "integer").put("minimum", 1))));
        }
        responses.put(status, response);
    }

    private static JsonObject rateLimitHeaders() {
        return new JsonObject()
                .put("RateLimit", new JsonObject()
                        .put("description", "The caller's quota state, e.g. \"standard\";r=57;t=42: r requests remain, "
                                + "t seconds until the quota resets. Absent when the request was not counted.")
                        .put("schema", new JsonObject().put("type", "string")))
                .put("RateLimit-Policy", new JsonObject()
                        .put("description", "The policy that applies, e.g. \"standard\";q=60;w=60: q requests per w seconds")
                        .put("schema", new JsonObject().put("type", "string")));
    }

    private static JsonObject securityScheme(Portal portal) {
        return new JsonObject()
                .put("type", "oauth2")
                .put("description", "Keycloak, realm platform. People sign in with the authorization code flow and PKCE "
                        + "(client api-docs in Swagger UI); send the access token as Authorization: Bearer <token>.")
                .put("flows", new JsonObject().put("authorizationCode", new JsonObject()
                        .put("authorizationUrl", portal.authorizationUrl())
                        .put("tokenUrl", portal.tokenUrl())
                        .put("scopes", new JsonObject().put("openid", "Sign in (OpenID Connect)"))));
    }

    private static boolean routedTo(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
