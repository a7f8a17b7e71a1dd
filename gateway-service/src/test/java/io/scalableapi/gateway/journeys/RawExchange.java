package io.scalableapi.gateway.journeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a raw socket to 127.0.0.1, with the request bytes exactly as given: HTTP clients refuse or
 * repair what a fuzzer or an attacker sends (bad UTF-8 in the target, dot segments, odd header values), a socket does not.
 * The request asks for {@code Connection: close}, so the response ends when the server closes. Bounded in time and size.
 */
final class RawExchange {

    static final int TIMEOUT_MS = 30_000;
    private static final int MAX_RESPONSE = 4 * 1024 * 1024;

    /** What came back. {@code status} is -1 when the server closed without a status line. */
    record Response(int status, Map<String, String> headers, byte[] body, String raw) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean isProblem() {
            return contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json")
                    && bodyText().contains("\"status\":" + status);
        }
    }

    private RawExchange() {
    }

    static int port(String baseUrl) {
        return URI.create(baseUrl).getPort();
    }

    /** Builds the request head: request line, Host, the given header lines, Content-Length of the body, Connection: close. */
    static byte[] request(String method, byte[] target, List<String[]> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(target);
        out.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        for (String[] h : headers) {
            out.writeBytes((h[0] + ": ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(h[1].getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (body != null) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** Sends the bytes as they are and reads until the server closes the connection (or the bound). */
    static Response send(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before it has read a large body: read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("127.0.0.1:" + port + " : " + e, e);
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                received.write(buffer, 0, n);
                if (received.size() > MAX_RESPONSE || System.currentTimeMillis() > deadline) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("No end of response within " + TIMEOUT_MS + " ms; got "
                    + received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // A reset after the response was sent: keep what arrived.
        }
        return received.toByteArray();
    }

    /** Splits one response (the first, when several arrived) into status, headers and de-chunked body. */
    static Response parse(byte[] bytes) {
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/") || headEnd < 0) {
            return new Response(-1, Map.of(), new byte[0], raw);
        }
        String[] lines = raw.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        byte[] body = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            body = Arrays.copyOf(body, Math.min(length, body.length));
        }
        return new Response(status, headers, body, raw);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(body, start, Math.min(size, body.length - start));
            i = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
