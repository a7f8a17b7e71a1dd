package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.scalableapi.user.NewUsers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 13: the Keycloak Admin API calls have a deadline and a circuit breaker. Against a Keycloak that
 * accepts connections and never answers (the hard case: nothing refused, everything waits), a registration answers
 * 503 problem+json with Retry-After instead of hanging; after repeated failures the breaker opens and a registration
 * is refused without Keycloak being asked at all.
 */
@QuarkusTest
@TestProfile(OutboundDeadlinesResourceTest.SilentKeycloakProfile.class)
class OutboundDeadlinesResourceTest {
    /** Far above the 3 s deadline; without one, the registration waits for this client to give up. */
    private static final int CLIENT_TIMEOUT_MS = 20_000;

    public static class SilentKeycloakProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentServer.class));
        }
    }

    /** Accepts connections, reads what is sent and never answers; counts the HTTP requests it received. */
    public static class SilentServer implements QuarkusTestResourceLifecycleManager {
        static final AtomicInteger REQUESTS = new AtomicInteger();
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private ServerSocket server;

        @Override
        public Map<String, String> start() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        held.add(s);
                        Thread reader = new Thread(() -> read(s), "silent-keycloak-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-keycloak");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("quarkus.keycloak.admin-client.server-url", "http://127.0.0.1:" + server.getLocalPort());
        }

        private static void read(Socket s) {
            try (InputStream in = s.getInputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    int at = 0;
                    while ((at = chunk.indexOf(" HTTP/1.1\r\n", at)) >= 0) {
                        REQUESTS.incrementAndGet();
                        at++;
                    }
                }
            } catch (IOException e) {
                // the client gave up on this connection
            }
        }

        @Override
        public void stop() {
            try {
                server.close();
                for (Socket s : held) {
                    s.close();
                }
            } catch (IOException e) {
                // stopping
            }
        }
    }

    @Test
    void registrationGetsA503BeforeTheGatewayGivesUpAndTheBreakerStopsAskingKeycloak() {
        RestAssuredConfig bounded = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", CLIENT_TIMEOUT_MS).setParam("http.connection.timeout", 5_000));
        for (int i = 0; i < 4; i++) {
            Response r = register(bounded);
            assertEquals(503, r.statusCode(), "Keycloak not answering is Keycloak unavailable: " + r.asString());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertTrue(r.header("Retry-After") != null, "with Retry-After");
        }
        int asked = SilentServer.REQUESTS.get();
        assertTrue(asked >= 1, "the deadlines were Keycloak's, not the test's: it was asked " + asked + " times");

        Response open = register(bounded);
        assertEquals(503, open.statusCode(), open.asString());
        assertTrue(open.contentType().startsWith("application/problem+json"), open.contentType());
        assertTrue(open.header("Retry-After") != null, "with Retry-After");
        assertEquals(asked, SilentServer.REQUESTS.get(), "with the breaker open, Keycloak is not asked at all");
    }

    private static Response register(RestAssuredConfig config) {
        return given().config(config).contentType(ContentType.JSON).body(NewUsers.person().body())
                .post("/api/v1/users/registrations");
    }
}
