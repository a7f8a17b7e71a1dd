package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.scalableapi.user.TestKeycloak;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never reaches a 500: each row is one malformed request and the 4xx problem+json it must get, with the
 * field it names where there is one. Registration rows use fresh names so a row can never register anybody by accident
 * (each is invalid before Keycloak would create an account, or is refused by Keycloak's policy).
 */
@QuarkusTest
class MalformedRequestsTest {
    private static final String REGISTER = "/api/v1/users/registrations";
    private static final String ME = "/api/v1/users/me";
    private static final String USERS = "/api/v1/users";

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                row("registration: not JSON", 400, null, () -> json().body("{\"username\":"), "POST", REGISTER),
                row("registration: JSON array", 400, null, () -> json().body("[]"), "POST", REGISTER),
                row("registration: empty body", 400, null, () -> json().body(""), "POST", REGISTER),
                row("registration: unknown field", 400, "isAdmin",
                        () -> json().body(registration(name(), name() + "@example.test", "a-long-password-1", ", \"isAdmin\": true")),
                        "POST", REGISTER),
                row("registration: username missing", 400, "username",
                        () -> json().body("{\"email\":\"x@example.test\",\"password\":\"a-long-password-1\"}"), "POST", REGISTER),
                row("registration: username upper case and spaces", 400, "username",
                        () -> json().body(registration("Not Valid", name() + "@example.test", "a-long-password-1", "")),
                        "POST", REGISTER),
                row("registration: username too short", 400, "username",
                        () -> json().body(registration("ab", name() + "@example.test", "a-long-password-1", "")), "POST", REGISTER),
                row("registration: email not an address", 400, "email",
                        () -> json().body(registration(name(), "not-an-email", "a-long-password-1", "")), "POST", REGISTER),
                row("registration: password too short for the realm policy", 400, "password",
                        () -> json().body(registration(name(), name() + "@example.test", "short", "")), "POST", REGISTER),
                row("registration: marketingConsent not a boolean", 400, "marketingConsent",
                        () -> json().body(registration(name(), name() + "@example.test", "a-long-password-1",
                                ", \"marketingConsent\": \"maybe\"")), "POST", REGISTER),
                row("registration: locale not a language tag", 400, "locale",
                        () -> json().body(registration(name(), name() + "@example.test", "a-long-password-1",
                                ", \"locale\": \"not a locale!\"")), "POST", REGISTER),
                row("registration: text/plain body", 415, null,
                        () -> given().contentType("text/plain").body("username=x"), "POST", REGISTER),
                row("me: no token", 401, null, () -> given(), "GET", ME),
                row("me: forged token", 401, null, () -> given().auth().oauth2("not.a.jwt"), "GET", ME),
                row("me: PUT without If-Match", 428, null, () -> alice().body(MeResourceTest.replacement("A")), "PUT", ME),
                row("me: PUT with a malformed If-Match", 400, "If-Match",
                        () -> alice().header("If-Match", "version-3").body(MeResourceTest.replacement("A")), "PUT", ME),
                row("me: PUT blank displayName", 400, "displayName",
                        () -> alice().header("If-Match", "*").body("{\"displayName\":\"  \",\"locale\":\"en\",\"marketingConsent\":false}"),
                        "PUT", ME),
                row("me: PUT displayName with a control character", 400, "displayName",
                        () -> alice().header("If-Match", "*").body("{\"displayName\":\"A\\u0007\",\"locale\":\"en\",\"marketingConsent\":false}"),
                        "PUT", ME),
                row("me: PUT marketingConsent missing", 400, "marketingConsent",
                        () -> alice().header("If-Match", "*").body("{\"displayName\":\"A\",\"locale\":\"en\"}"), "PUT", ME),
                row("me: PUT too many preferences", 400, "preferences",
                        () -> alice().header("If-Match", "*").body(tooManyPreferences()), "PUT", ME),
                row("me: PUT id is not changeable", 400, "id",
                        () -> alice().header("If-Match", "*").body("{\"id\":\"" + UUID.randomUUID()
                                + "\",\"displayName\":\"A\",\"locale\":\"en\",\"marketingConsent\":false}"), "PUT", ME),
                row("me: PATCH array instead of object", 400, null,
                        () -> alice().header("If-Match", "*").contentType("application/merge-patch+json").body("[]"), "PATCH", ME),
                row("me: PATCH removes the required displayName", 400, "displayName",
                        () -> alice().header("If-Match", "*").contentType("application/merge-patch+json")
                                .body("{\"displayName\":null}"), "PATCH", ME),
                row("me: PATCH unknown field", 400, "nickname",
                        () -> alice().header("If-Match", "*").contentType("application/merge-patch+json")
                                .body("{\"nickname\":\"x\"}"), "PATCH", ME),
                row("me: PATCH without If-Match", 428, null,
                        () -> alice().contentType("application/merge-patch+json").body("{\"locale\":\"en\"}"), "PATCH", ME),
                row("admin: limit zero", 400, "limit", () -> admin().queryParam("limit", 0), "GET", USERS),
                row("admin: limit not a number", 400, "limit", () -> admin().queryParam("limit", "ten"), "GET", USERS),
                row("admin: limit above the maximum", 400, "limit", () -> admin().queryParam("limit", 1000), "GET", USERS),
                row("admin: forged cursor", 400, "cursor", () -> admin().queryParam("cursor", "%%%not-a-cursor"), "GET", USERS),
                row("admin: id not a UUID", 400, "id", () -> admin(), "GET", USERS + "/1-1-1-1-1"),
                row("admin route as a plain user", 403, null, () -> alice(), "GET", USERS),
                row("unknown route", 404, null, () -> alice(), "GET", ME + "/nothing-here"),
                row("method not allowed", 405, null, () -> given(), "GET", REGISTER));
    }

    /**
     * The numeral family (issue 17 item 1) in the one numeric input of user-service, the admin search's page size:
     * exponents, huge and tiny magnitudes, long digit strings, NaN, Infinity, hex, underscores, a sign and another
     * script's digit (Integer.parseInt read "+5" and "\u0663" as page sizes).
     */
    static Stream<Arguments> numeralLimits() {
        return Stream.of("1e999999999", "1E-999999999", "-1e999999999", "1e2", "9".repeat(1000), "0." + "0".repeat(1000) + "1",
                        "2147483648", "12.5", "0.001", "-1", "NaN", "Infinity", "-Infinity", "0x1p3", "0x10", "1_0", "+5",
                        "\u0663")
                .map(n -> row("admin: limit numeral " + (n.length() > 20 ? n.substring(0, 12) + "..." : n), 400, "limit",
                        () -> admin().queryParam("limit", n), "GET", USERS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource({"malformedRequests", "numeralLimits"})
    void answersProblemJson(String story, int status, String field, Supplier<RequestSpecification> request, String method,
            String path) {
        ValidatableResponse response = request.get().request(method, path).then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", startsWith("https://scalableapi.io/problems/"));
        if (field != null) {
            response.body("errors.field", hasItem(startsWith(field)));
        }
    }

    private static Arguments row(String story, int status, String field, Supplier<RequestSpecification> request,
            String method, String path) {
        return Arguments.of(story, status, field, request, method, path);
    }

    private static RequestSpecification json() {
        return given().contentType("application/json");
    }

    private static RequestSpecification alice() {
        return given().auth().oauth2(TestKeycloak.alice()).contentType("application/json");
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestKeycloak.admin());
    }

    private static String name() {
        return "bad-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String registration(String username, String email, String password, String extra) {
        return "{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"" + extra + "}";
    }

    private static String tooManyPreferences() {
        StringBuilder prefs = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            prefs.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return "{\"displayName\":\"A\",\"locale\":\"en\",\"marketingConsent\":false,\"preferences\":{" + prefs + "}}";
    }
}
