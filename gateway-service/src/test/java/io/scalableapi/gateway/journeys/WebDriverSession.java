package io.scalableapi.gateway.journeys;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Headless Chromium through Debian's chromedriver, spoken to in the W3C WebDriver protocol (JSON over HTTP) with the
 * JDK's HTTP client: no Selenium, nothing downloaded at test time. Only what the docs-portal journey needs.
 */
final class WebDriverSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52f-4a5b4a5b4a5b";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process driver;
    private final String base;
    private final String session;

    private WebDriverSession(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    static WebDriverSession start(Path log) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver (scripts/test.sh installs them)");
        }
        int port = ServiceProcess.freePort();
        Files.createDirectories(log.getParent());
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                if (send("GET", base + "/status", null).getJsonObject("value").getBoolean("ready", false)) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                driver.destroy();
                throw new IllegalStateException("chromedriver did not become ready; see " + log);
            }
            Thread.sleep(200);
        }
        JsonObject options = new JsonObject().put("binary", CHROMIUM.toString()).put("args", new JsonArray()
                .add("--headless=new").add("--no-sandbox").add("--disable-gpu").add("--disable-dev-shm-usage")
                .add("--window-size=1400,1100"));
        JsonObject caps = new JsonObject().put("capabilities", new JsonObject().put("alwaysMatch",
                new JsonObject().put("browserName", "chrome").put("goog:chromeOptions", options)));
        try {
            String session = send("POST", base + "/session", caps).getJsonObject("value").getString("sessionId");
            return new WebDriverSession(driver, base, session);
        } catch (RuntimeException | IOException e) {
            driver.destroy();
            throw e;
        }
    }

    void open(String url) throws Exception {
        command("POST", "/url", new JsonObject().put("url", url));
    }

    /** Waits until an element matches the CSS selector (bounded), returns its id. */
    String await(String css, Duration bound) throws Exception {
        long deadline = System.currentTimeMillis() + bound.toMillis();
        while (true) {
            JsonArray found = (JsonArray) command("POST", "/elements",
                    new JsonObject().put("using", "css selector").put("value", css));
            for (Object e : found) {
                // the W3C element reference: an object with one member, its id
                JsonObject ref = (JsonObject) e;
                String id = ref.containsKey(ELEMENT) ? ref.getString(ELEMENT)
                        : String.valueOf(ref.getValue(ref.fieldNames().iterator().next()));
                if (Boolean.TRUE.equals(command("GET", "/element/" + id + "/displayed", null))) {
                    return id;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no visible element '" + css + "' within " + bound + " on " + url());
            }
            Thread.sleep(250);
        }
    }

    void click(String css, Duration bound) throws Exception {
        command("POST", "/element/" + await(css, bound) + "/click", new JsonObject());
    }

    void type(String css, String text, Duration bound) throws Exception {
        String id = await(css, bound);
        command("POST", "/element/" + id + "/clear", new JsonObject());
        command("POST", "/element/" + id + "/value", new JsonObject().put("text", text));
    }

    String text(String css, Duration bound) throws Exception {
        return (String) command("GET", "/element/" + await(css, bound) + "/text", null);
    }

    Object script(String js) throws Exception {
        return command("POST", "/execute/sync", new JsonObject().put("script", js).put("args", new JsonArray()));
    }

    String url() throws Exception {
        return (String) command("GET", "/url", null);
    }

    String window() throws Exception {
        return (String) command("GET", "/window", null);
    }

    List<String> windows() throws Exception {
        List<String> handles = new ArrayList<>();
        ((JsonArray) command("GET", "/window/handles", null)).forEach(h -> handles.add((String) h));
        return handles;
    }

    void switchTo(String handle) throws Exception {
        command("POST", "/window", new JsonObject().put("handle", handle));
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) command("GET", "/screenshot", null)));
    }

    @Override
    public void close() {
        try {
            send("DELETE", base + "/session/" + session, null);
        } catch (Exception ignored) {
            // the driver goes away below in any case
        }
        driver.destroy();
    }

    private Object command(String method, String path, JsonObject body) throws Exception {
        return send(method, base + "/session/" + session + path, body).getValue("value");
    }

    private static JsonObject send(String method, String url, JsonObject body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonObject json = new JsonObject(response.body());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException("WebDriver " + method + " " + url + ": " + response.statusCode() + " "
                        + json.getJsonObject("value", new JsonObject()).getString("message", response.body()));
            }
            return json;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
