package io.scalableapi.cache;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.scalableapi.cache.support.FakeCatalog;
import io.scalableapi.cache.support.Tokens;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two processes of the packaged jar, as two replicas behind one Service: a warm-up started on one is reported by the
 * other, and a warm-up whose replica dies (SIGKILL, no shutdown) is reported by the survivor as abandoned once its
 * lease has run out. Both replicas use the test profile (database {@code cache_test}, the local servers).
 */
class TwoReplicasIT {
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final int PRODUCTS = 12;

    private static FakeCatalog catalog;
    private static Replica a;
    private static Replica b;

    @BeforeAll
    static void start() throws Exception {
        catalog = new FakeCatalog();
        catalog.start();
        a = Replica.start("a", catalog.url());
        b = Replica.start("b", catalog.url());
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stop() {
        for (Replica r : new Replica[] { a, b }) {
            if (r != null) {
                r.stop();
            }
        }
        if (catalog != null) {
            catalog.stop();
        }
    }

    @Test
    void aWarmUpStartedOnOneReplicaIsReportedByTheOther() {
        catalog.delay(Duration.ofMillis(200));
        String id = startWarmUp(a);

        JsonPath seen = status(b, id).then().statusCode(200).extract().jsonPath();
        assertEquals(id, seen.getString("id"));
        assertEquals(PRODUCTS, seen.getInt("requested"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> status(b, id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("COMPLETED")));
        JsonPath done = status(b, id).jsonPath();
        assertEquals(PRODUCTS, done.getInt("processed"));
        assertEquals(PRODUCTS, done.getInt("loaded") + done.getInt("skipped"));
        assertEquals(100, done.getInt("percent"));
        // Both replicas answer the same.
        assertEquals(done.getMap(""), status(a, id).jsonPath().getMap(""));
    }

    @Test
    void aWarmUpWhoseReplicaDiesIsReportedAbandonedByTheSurvivor() {
        // A third replica is the one to die, so a and b stay up whatever order the tests run in.
        catalog.delay(Duration.ofSeconds(1));
        Replica doomed = Replica.start("doomed", catalog.url());
        try {
            doomed.awaitReady();
            String id = startWarmUp(doomed);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath running = status(b, id).jsonPath();
                assertEquals("RUNNING", running.getString("status"));
                assertTrue(running.getInt("processed") >= 1, "processed " + running.getInt("processed"));
            });

            doomed.kill();

            // Still RUNNING right after the kill (the lease has not run out), then abandoned: never completed.
            await().atMost(LEASE.plusSeconds(20)).untilAsserted(() -> status(b, id).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("FAILED")));
            JsonPath failed = status(b, id).jsonPath();
            assertTrue(failed.getString("detail").startsWith("abandoned"), failed.getString("detail"));
            assertTrue(failed.getInt("processed") < PRODUCTS, "processed " + failed.getInt("processed"));
            assertEquals(failed.getMap(""), status(a, id).jsonPath().getMap(""));
        } finally {
            doomed.stop();
        }
    }

    private static String startWarmUp(Replica on) {
        Response started = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"count\":" + PRODUCTS + "}").post(on.url() + "/api/v1/cache/caches/catalog-products/warm-ups");
        started.then().statusCode(202);
        return started.jsonPath().getString("id");
    }

    private static Response status(Replica on, String id) {
        return given().auth().oauth2(Tokens.admin()).get(on.url() + "/api/v1/cache/warm-ups/" + id);
    }

    /** One process of the packaged jar on its own port; its log goes to target/. */
    private record Replica(String name, int port, int managementPort, Process process) {
        private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static Replica start(String name, String catalogUrl) {
            int port = freePort(), management = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.port=" + management,
                    "-Dcache-service.warm-up.catalog-url=" + catalogUrl,
                    // One product per page: progress is written per page, so a running job shows it.
                    "-Dcache-service.warm-up.page-size=1",
                    "-Dcache-service.warm-up.heartbeat-interval=1s",
                    "-Dcache-service.warm-up.lease=" + LEASE.toSeconds() + "s",
                    "-jar", "target/quarkus-app/quarkus-run.jar"));
            File log = new File("target/two-replicas-" + name + ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
                return new Replica(name, port, management, p);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start replica " + name, e);
            }
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void awaitReady() {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("replica " + name + " exited, see target/two-replicas-" + name + ".log");
                }
                try {
                    return given().get("http://127.0.0.1:" + managementPort + "/q/health/ready").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        }

        /** A crash: no shutdown hook runs, so the job is left RUNNING in the database. */
        void kill() {
            process.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
        }

        void stop() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }

        /**
         * A port nobody listens on now and that this test has not handed out before: the kernel may return the same
         * ephemeral port to two probes in a row (seen on a fresh clone: replica a and b's management interface got
         * the same one, and a never started).
         */
        private static int freePort() {
            for (int attempt = 0; attempt < 100; attempt++) {
                try (ServerSocket s = new ServerSocket(0)) {
                    if (HANDED_OUT.add(s.getLocalPort())) {
                        return s.getLocalPort();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("no free port after 100 attempts");
        }
    }
}
