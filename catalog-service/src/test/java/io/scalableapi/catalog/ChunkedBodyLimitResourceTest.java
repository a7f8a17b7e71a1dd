package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 3: the 64 KB write-body limit counts the bytes read, not the Content-Length a client declares. A chunked
 * body declares nothing; before the fix it skipped the limit and was parsed whole. Sent over a raw socket so that no
 * client library adds a Content-Length.
 */
@QuarkusTest
class ChunkedBodyLimitResourceTest {
    private static final int CHUNK = 8 * 1024;

    @Test
    void chunkedBodyOverTheLimitIsA413Problem() throws IOException {
        // 200 KB of valid JSON: over the catalog's 64 KB, under the HTTP layer's 1 MB ceiling.
        String body = "{\"name\":\"chunked\",\"description\":\"" + "x".repeat(200 * 1024) + "\"}";
        String answer = postChunked("/api/v1/products", body);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer.lines().findFirst().orElse(answer));
        String lower = answer.toLowerCase();
        assertTrue(lower.contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("https://scalableapi.io/problems/payload-too-large"), answer);
        assertTrue(answer.contains("\"correlationId\""), answer);
    }

    @Test
    void chunkedBodyUnderTheLimitIsStillRead() throws IOException {
        // Within the limit the body is read as usual (and refused for its content, not its size).
        String answer = postChunked("/api/v1/categories", "{\"name\":\"\"}");
        String status = answer.lines().findFirst().orElse(answer);
        assertEquals("HTTP/1.1 400 Bad Request", status.strip(), answer);
    }

    private static String postChunked(String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Tokens.admin()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                for (int at = 0; at < bytes.length; at += CHUNK) {
                    int n = Math.min(CHUNK, bytes.length - at);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, at, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before the rest of the body is sent: its answer is still readable.
            }
            return read(socket.getInputStream());
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // A reset after the answer: keep what arrived.
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
