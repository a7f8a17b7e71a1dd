package io.scalableapi.gateway.support;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends a request line exactly as written (HTTP clients normalize dot segments away, attackers do not). */
public final class RawHttp {

    private RawHttp() {
    }

    /** The status code the server answers to {@code GET <rawPath>}. */
    public static int statusOf(int port, String rawPath) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
