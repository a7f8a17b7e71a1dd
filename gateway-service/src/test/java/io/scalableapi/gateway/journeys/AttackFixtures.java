package io.scalableapi.gateway.journeys;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.scalableapi.gateway.support.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * What the attack journeys need from Keycloak and the gateway, set up through Keycloak's admin REST API (never in the realm
 * file: that file is also the source of the Kubernetes realm import, and a key whose private half is in the repository
 * must never reach a real realm).
 * <ul>
 * <li>A fixed <b>DEV-ONLY</b> RSA key ({@code src/test/resources/journeys/dev-only-journeys-signing-key.pem}) added to the
 * platform realm as a <em>passive</em> key provider: Keycloak publishes it in the realm's JWKS but never signs with it, so
 * the services trust tokens the journeys sign with it. That is how a test gets validly signed tokens with bad claims
 * (expired, not yet valid, wrong issuer or audience) and tokens for subjects and plans of its own choosing.</li>
 * <li>A second realm, {@value #OTHER_REALM}, with a user and a client that even puts {@code platform-api} in the
 * audience: its tokens are real Keycloak tokens that the platform must not accept.</li>
 * </ul>
 * {@link #prepareKeycloak()} runs before the services start (RunningPlatform), because quarkus-oidc reads the JWKS at start
 * and refreshes it on an unknown key id at most every 10 minutes. It is idempotent, and the attack journeys call it again
 * in case Keycloak was restarted (scripts/infra.sh starts it from an empty database) since.
 */
final class AttackFixtures {

    static final String KEYCLOAK = "http://127.0.0.1:8180";
    static final String OTHER_REALM = "journeys-other";
    static final String DEV_KEY_NAME = "dev-only-journeys-rsa";
    /** DEV ONLY: scripts/infra.sh's bootstrap admin of the local Keycloak. */
    private static final String ADMIN_USER = "admin";
    private static final String ADMIN_PASSWORD = "admin-dev-only";
    /** DEV ONLY password of the other realm's user. */
    private static final String OTHER_USER = "mallory";
    private static final String OTHER_PASSWORD = "mallory-dev-password";
    private static final String KEY_RESOURCE = "/journeys/dev-only-journeys-signing-key.pem";
    private static RSAPrivateCrtKey devKey;

    private AttackFixtures() {
    }

    /**
     * Gateway settings for the rate-limit evasion journey: a small tier of the standard policy that only tokens the
     * journeys sign select (plan {@code journeys-evasion}), and a probe route with its own small, fail-closed policy, so
     * that anonymous callers (keyed by address) can be limited without touching the other journeys' budgets.
     */
    static void gatewayProperties(Map<String, String> props) {
        props.put("gateway.rate-limit.policies.standard.tiers.journeys-evasion.limit", "10");
        props.put("gateway.rate-limit.policies.standard.tiers.journeys-evasion.burst", "10");
        props.put("gateway.rate-limit.policies.standard.tiers.journeys-evasion.window", "1h");
        props.put("gateway.routes.journeys-probe.prefixes", "/api/v1/journeys-probe");
        props.put("gateway.routes.journeys-probe.upstream", "catalog");
        props.put("gateway.routes.journeys-probe.public-methods", "GET");
        props.put("gateway.routes.journeys-probe.rate-limit-policy", "journeys-probe");
        props.put("gateway.rate-limit.policies.journeys-probe.key", "subject");
        props.put("gateway.rate-limit.policies.journeys-probe.when-store-unavailable", "fail-closed");
        props.put("gateway.rate-limit.policies.journeys-probe.tiers.default.limit", "10");
        props.put("gateway.rate-limit.policies.journeys-probe.tiers.default.burst", "10");
        props.put("gateway.rate-limit.policies.journeys-probe.tiers.default.window", "1h");
    }

    /** Adds the dev-only passive key to the platform realm and creates the other realm, unless they exist. */
    static synchronized void prepareKeycloak() {
        String admin = adminToken();
        List<String> keys = adminApi(admin).queryParam("type", "org.keycloak.keys.KeyProvider")
                .get("/admin/realms/platform/components").then().statusCode(200).extract().jsonPath().getList("name");
        if (!keys.contains(DEV_KEY_NAME)) {
            String realmId = adminApi(admin).get("/admin/realms/platform").then().statusCode(200).extract().path("id");
            adminApi(admin).contentType(ContentType.JSON).body(Map.of("name", DEV_KEY_NAME, "providerId", "rsa",
                    "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                    "config", Map.of("priority", List.of("0"), "enabled", List.of("true"), "active", List.of("false"),
                            "algorithm", List.of("RS256"), "privateKey", List.of(pem()))))
                    .post("/admin/realms/platform/components").then().statusCode(201);
        }
        int realm = adminApi(admin).get("/admin/realms/" + OTHER_REALM).statusCode();
        if (realm == 404) {
            adminApi(admin).contentType(ContentType.JSON).body(otherRealm()).post("/admin/realms").then()
                    .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(409)));
        }
    }

    /** The key id Keycloak gave the dev-only key, read from the platform realm's JWKS (matched by modulus). */
    static String devKeyId() {
        String modulus = base64Url(devKey().getModulus());
        JsonPath jwks = given().get(Tokens.REALM + "/protocol/openid-connect/certs").then().statusCode(200).extract()
                .jsonPath();
        List<Map<String, Object>> keys = jwks.getList("keys");
        return keys.stream().filter(k -> modulus.equals(k.get("n"))).map(k -> (String) k.get("kid")).findFirst()
                .orElseThrow(() -> new IllegalStateException("The platform realm does not publish the dev-only key"));
    }

    /** The public key the platform realm publishes under {@code kid}. */
    static java.security.interfaces.RSAPublicKey publishedKey(String kid) {
        List<Map<String, Object>> keys = given().get(Tokens.REALM + "/protocol/openid-connect/certs").then().statusCode(200)
                .extract().jsonPath().getList("keys");
        Map<String, Object> jwk = keys.stream().filter(k -> kid.equals(k.get("kid"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no key " + kid + " in the realm's JWKS"));
        try {
            return (java.security.interfaces.RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new java.security.spec.RSAPublicKeySpec(new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n"))),
                            new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("e")))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token with the claims of a real token of {@code user} (fresh times, a new jti), changed by {@code change}, signed
     * with the dev-only key the platform trusts.
     */
    static String devSigned(String user, Consumer<JwtClaims> change) {
        return sign(claimsLike(user, change), AlgorithmIdentifiers.RSA_USING_SHA256, devKeyId(), devKey());
    }

    static JwtClaims claimsLike(String user, Consumer<JwtClaims> change) {
        try {
            String payload = Tokens.of(user).split("\\.")[1];
            JwtClaims claims = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
            long now = System.currentTimeMillis() / 1000;
            claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
            claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 300));
            claims.setJwtId("journeys-" + java.util.UUID.randomUUID());
            change.accept(claims);
            return claims;
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JwtClaims claims, String alg, String kid, java.security.Key key) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setHeader("typ", "JWT");
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setKey(key);
        if (AlgorithmIdentifiers.NONE.equals(alg)) {
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real token of the other realm's user. */
    static String otherRealmToken() {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", "platform-cli").formParam("username", OTHER_USER)
                .formParam("password", OTHER_PASSWORD)
                .post(KEYCLOAK + "/realms/" + OTHER_REALM + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static synchronized RSAPrivateCrtKey devKey() {
        if (devKey == null) {
            String base64 = pem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            try {
                devKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return devKey;
    }

    private static String pem() {
        try (InputStream in = AttackFixtures.class.getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KEY_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, Object> otherRealm() {
        Map<String, Object> audience = Map.of("name", "audience-platform-api", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.custom.audience", "platform-api",
                        "access.token.claim", "true", "id.token.claim", "false"));
        return Map.of("realm", OTHER_REALM, "enabled", true,
                "roles", Map.of("realm", List.of(Map.of("name", "user"), Map.of("name", "admin"))),
                "clients", List.of(Map.of("clientId", "platform-cli", "publicClient", true,
                        "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                        "protocolMappers", List.of(audience))),
                "users", List.of(Map.of("username", OTHER_USER, "enabled", true, "email", "mallory@example.test",
                        "emailVerified", true, "firstName", "Mallory", "lastName", "Other",
                        "realmRoles", List.of("user", "admin"),
                        "credentials", List.of(Map.of("type", "password", "value", OTHER_PASSWORD, "temporary", false)))));
    }

    static io.restassured.specification.RequestSpecification adminApi(String adminToken) {
        return given().baseUri(KEYCLOAK).auth().oauth2(adminToken);
    }

    static String adminToken() {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", ADMIN_USER).formParam("password", ADMIN_PASSWORD)
                .post(KEYCLOAK + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
