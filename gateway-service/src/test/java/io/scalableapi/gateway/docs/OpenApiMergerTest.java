package io.scalableapi.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiMergerTest {

    private static final OpenApiMerger.Portal PORTAL = new OpenApiMerger.Portal("https://api.example.org",
            "https://id.example.org/realms/platform/protocol/openid-connect/auth",
            "https://id.example.org/realms/platform/protocol/openid-connect/token");

    /** A service document as smallrye-openapi writes it: its own in-cluster OpenID Connect scheme. */
    private static JsonObject serviceDocument() {
        return new JsonObject("""
                { "openapi": "3.1.0",
                  "paths": {
                    "/api/v1/things": { "get": { "operationId": "listThings",
                        "responses": { "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } } },
                    "/api/v1/things/mine": { "get": { "operationId": "myThings", "security": [ { "SecurityScheme": [ "user" ] } ],
                        "responses": { "200": { "description": "OK" }, "401": { "description": "Not Authorized" } } } },
                    "/internal/hidden": { "get": { "responses": { "200": { "description": "OK" } } } } },
                  "components": {
                    "schemas": { "Thing": { "type": "object" }, "Problem": { "type": "object" } },
                    "securitySchemes": { "SecurityScheme": { "type": "openIdConnect",
                        "openIdConnectUrl": "http://platform-keycloak-service:8080/realms/platform/.well-known/openid-configuration" } } } }
                """);
    }

    private static JsonObject merged() {
        return OpenApiMerger.merge("Platform", Map.of("things", serviceDocument()),
                Map.of("things", List.of("/api/v1/things")), PORTAL);
    }

    @Test
    void declaresTheSchemeSecuredOperationsReferenceAsKeycloakAuthorizationCode() {
        JsonObject doc = merged();
        JsonObject schemes = doc.getJsonObject("components").getJsonObject("securitySchemes");
        assertEquals(List.of(OpenApiMerger.SECURITY_SCHEME), List.copyOf(schemes.fieldNames()),
                "only the gateway's scheme; the services' in-cluster one is not reachable by clients");
        JsonObject code = schemes.getJsonObject("keycloak").getJsonObject("flows").getJsonObject("authorizationCode");
        assertEquals("oauth2", schemes.getJsonObject("keycloak").getString("type"));
        assertEquals(PORTAL.authorizationUrl(), code.getString("authorizationUrl"));
        assertEquals(PORTAL.tokenUrl(), code.getString("tokenUrl"));

        JsonObject mine = doc.getJsonObject("paths").getJsonObject("/api/v1/things/mine").getJsonObject("get");
        assertEquals(new JsonArray().add(new JsonObject().put("keycloak", new JsonArray())), mine.getJsonArray("security"));
        JsonObject open = doc.getJsonObject("paths").getJsonObject("/api/v1/things").getJsonObject("get");
        assertNull(open.getValue("security"), "anonymous operations stay anonymous");
        assertEquals("listThings", open.getString("operationId"));
    }

    @Test
    void theGatewayIsTheServer() {
        assertEquals(new JsonArray().add(new JsonObject().put("url", PORTAL.serverUrl())
                .put("description", "The gateway, the only entry point")), merged().getJsonArray("servers"));
    }

    @Test
    void everyResponseCarriesTheRateLimitHeadersAndTheGatewaysOwnErrorsAreProblems() {
        JsonObject doc = merged();
        assertTrue(doc.getJsonObject("components").getJsonObject("headers").containsKey("RateLimit"));
        JsonObject responses = doc.getJsonObject("paths").getJsonObject("/api/v1/things/mine").getJsonObject("get")
                .getJsonObject("responses");
        for (String status : List.of("200", "401", "429", "502", "503", "504")) {
            JsonObject headers = responses.getJsonObject(status).getJsonObject("headers");
            assertEquals("#/components/headers/RateLimit", headers.getJsonObject("RateLimit").getString("$ref"), status);
            assertEquals("#/components/headers/RateLimit-Policy",
                    headers.getJsonObject("RateLimit-Policy").getString("$ref"), status);
        }
        JsonObject tooMany = responses.getJsonObject("429");
        assertEquals("#/components/schemas/Problem", tooMany.getJsonObject("content")
                .getJsonObject("application/problem+json").getJsonObject("schema").getString("$ref"));
        assertTrue(tooMany.getJsonObject("headers").containsKey("Retry-After"));
    }

    @Test
    void onlyRoutedPathsAreKept() {
        assertFalse(merged().getJsonObject("paths").containsKey("/internal/hidden"));
    }
}
