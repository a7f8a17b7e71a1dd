package io.scalableapi.gateway.journeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * A client of the gateway for the fault journeys: many threads, each request bounded by a client timeout and timed,
 * and a failure to answer reported as an outcome (status 0 = no answer within the timeout, -1 = connection error)
 * instead of an exception, so that a journey can count what its clients saw.
 */
final class TimedClient {
    /** What a client waits at most; the gateway's own upstream timeouts are 5 s. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, String contentType, String body, Map<String, java.util.List<String>> headers,
            long millis) {
        boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private TimedClient() {
    }

    static Answer get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    static Answer send(String method, String path, String token, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(RunningPlatform.get().gateway() + path))
                .timeout(CLIENT_TIMEOUT)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(),
                    r.headers().map(), (System.nanoTime() - start) / 1_000_000);
        } catch (HttpTimeoutException e) {
            return new Answer(0, null, e.toString(), Map.of(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            return new Answer(-1, null, e.toString(), Map.of(), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a GET to any local URL (a service's health), -1 when it does not answer. */
    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal (the journeys' bodies are flat and made of their own values). */
    static String json(Map<String, ?> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"').append(k).append("\":");
            if (v instanceof String str) {
                s.append('"').append(str.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                s.append(json(nested));
            } else {
                s.append(v);
            }
        });
        return s.append('}').toString();
    }
}
