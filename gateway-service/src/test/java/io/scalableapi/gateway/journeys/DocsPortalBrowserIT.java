package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person opens the docs portal in a real browser (headless Chromium), clicks Authorize, signs in at Keycloak as a dev
 * user through the authorization code flow with PKCE (public client api-docs, no password grant), then tries
 * {@code GET /api/v1/users/me} from the page: the call goes through the gateway and answers 200 with their profile.
 * The page's screenshot goes to gateway-service/target/journeys-reports/docs-portal.png.
 */
@ExtendWith(RunningPlatform.class)
class DocsPortalBrowserIT {

    private static final Duration UI = Duration.ofSeconds(30);

    @Test
    void signsInWithPkceAndCallsUsersMeFromThePortal() throws Exception {
        String gateway = RunningPlatform.get().gateway();
        allowRedirectTo(gateway);
        Path reports = RunningPlatform.repositoryRoot().resolve("gateway-service/target/journeys-reports");
        Path screenshot = reports.resolve("docs-portal.png");
        try (WebDriverSession browser = WebDriverSession.start(reports.resolve("chromedriver.log"))) {
            browser.open(gateway + "/api/docs");
            browser.click("button.btn.authorize", UI);
            String portal = browser.window();
            browser.click(".auth-container button.btn.modal-btn.auth.authorize", UI);
            Journey.eventually(UI.toMillis(), "the Keycloak sign-in window opens", () -> windows(browser).size() > 1);
            String login = windows(browser).stream().filter(h -> !h.equals(portal)).findFirst().orElseThrow();
            browser.switchTo(login);
            String loginUrl = browser.url();
            assertTrue(loginUrl.contains("code_challenge_method=S256") && loginUrl.contains("client_id=api-docs")
                    && loginUrl.contains("response_type=code"), "authorization code with PKCE, client api-docs: " + loginUrl);
            browser.type("#username", "bob", UI);
            browser.type("#password", "bob-dev-password", UI);
            browser.click("#kc-login", UI);
            // oauth2-redirect.html hands the code back to the portal and closes its window
            Journey.eventually(UI.toMillis(), "the sign-in window closes", () -> windows(browser).size() == 1);
            browser.switchTo(portal);
            browser.await(".auth-container button.btn.modal-btn.auth:not(.authorize)", UI); // "Logout": signed in
            browser.click("button.btn-done", UI);

            String operation = "#operations-Me_Resource-getMe";
            browser.click(operation + " .opblock-summary", UI);
            browser.click(operation + " button.try-out__btn", UI);
            browser.click(operation + " button.execute", UI);
            // the live response's row, not the table's header row ("Code")
            String status = browser.text(operation + " .live-responses-table tr.response .response-col_status", UI);
            String body = browser.text(operation + " .live-responses-table tr.response .response-col_description pre", UI);
            browser.script("document.querySelector('" + operation + " .live-responses-table').scrollIntoView()");
            String requestUrl = browser.text(operation + " .request-url pre", UI);
            browser.screenshot(screenshot);
            System.out.println("[docs-portal] screenshot: " + screenshot);

            assertEquals("200", status.strip().split("\\s+")[0], body);
            assertEquals(gateway + "/api/v1/users/me", requestUrl.strip(), "Try it out calls through the gateway");
            JsonObject profile = new JsonObject(body);
            assertEquals("bob", profile.getString("username"));
            assertTrue(!profile.getString("displayName", "").isBlank(), "the profile has the person's name");
            Figures.record("docs portal in headless Chromium", "Authorize (code + PKCE S256, client api-docs) as bob, "
                    + "Try it out GET /api/v1/users/me -> " + status.strip().split("\\s+")[0] + "; screenshot " + screenshot);
        } finally {
            if (!Files.exists(screenshot)) {
                System.out.println("[docs-portal] no screenshot taken");
            }
        }
    }

    private static List<String> windows(WebDriverSession browser) {
        try {
            return browser.windows();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The realm import (scripts/infra/keycloak/platform-realm.json) holds api-docs with the one exact redirect URI of the
     * local gateway (:8080). The journeys' gateway runs on a free port: add its exact redirect URI and origin (no
     * wildcard), and create the client from the realm file if this Keycloak was started before it was added.
     */
    private static void allowRedirectTo(String gateway) throws Exception {
        String admin = AttackFixtures.adminToken();
        String redirect = gateway + "/api/docs/oauth2-redirect.html";
        List<Map<String, Object>> found = AttackFixtures.adminApi(admin).queryParam("clientId", "api-docs")
                .get("/admin/realms/platform/clients").then().statusCode(200).extract().jsonPath().getList("");
        if (found.isEmpty()) {
            JsonObject realm = new JsonObject(Files.readString(RunningPlatform.repositoryRoot()
                    .resolve("scripts/infra/keycloak/platform-realm.json")));
            JsonObject client = realm.getJsonArray("clients").stream().map(JsonObject.class::cast)
                    .filter(c -> c.getString("clientId").equals("api-docs")).findFirst().orElseThrow();
            AttackFixtures.adminApi(admin).contentType(ContentType.JSON).body(client.encode())
                    .post("/admin/realms/platform/clients").then().statusCode(201);
            found = AttackFixtures.adminApi(admin).queryParam("clientId", "api-docs")
                    .get("/admin/realms/platform/clients").then().statusCode(200).extract().jsonPath().getList("");
        }
        JsonObject client = new JsonObject(found.get(0));
        JsonArray redirects = client.getJsonArray("redirectUris", new JsonArray());
        JsonArray origins = client.getJsonArray("webOrigins", new JsonArray());
        if (!redirects.contains(redirect)) {
            redirects.add(redirect);
            origins.add(gateway);
            AttackFixtures.adminApi(admin).contentType(ContentType.JSON)
                    .body(client.put("redirectUris", redirects).put("webOrigins", origins).encode())
                    .put("/admin/realms/platform/clients/" + client.getString("id")).then().statusCode(204);
        }
    }
}
