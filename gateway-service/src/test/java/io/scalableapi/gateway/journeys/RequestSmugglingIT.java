package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request smuggling basics over a raw socket: requests whose length is ambiguous (Content-Length and Transfer-Encoding
 * together, two different Content-Lengths, an obfuscated Transfer-Encoding) each carry a second, smuggled request to an
 * admin route behind the first. The gateway must refuse the request (4xx) and must never answer the smuggled one:
 * exactly one response comes back on the connection, and it is not a success of the hidden request.
 */
@ExtendWith(RunningPlatform.class)
class RequestSmugglingIT {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");
    /** The smuggled request: anonymous to an admin route, so if it ever ran, its own 401 would be a second response. */
    private static final String SMUGGLED = "GET /api/v1/cache/caches HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void ambiguousLengthsAreRefusedAndNothingIsSmuggled() throws Exception {
        String body = "0\r\n\r\n" + SMUGGLED;
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("CL.TE", post("Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n", body));
        attacks.put("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", body));
        attacks.put("two Content-Lengths", post("Content-Length: 5\r\nContent-Length: " + body.length() + "\r\n", body));
        attacks.put("Content-Length list", post("Content-Length: 5, " + body.length() + "\r\n", body));
        attacks.put("TE xchunked + CL", post("Content-Length: 5\r\nTransfer-Encoding: xchunked\r\n", body));
        attacks.put("TE chunked, identity + CL", post("Content-Length: 5\r\nTransfer-Encoding: chunked, identity\r\n", body));
        attacks.put("two TE headers + CL", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
                body));
        attacks.put("TE with space before colon + CL", post("Content-Length: 5\r\nTransfer-Encoding : chunked\r\n", body));
        attacks.put("TE tab + CL", post("Content-Length: 5\r\nTransfer-Encoding:\tchunked\r\n", body));
        attacks.put("Content-Length +sign", post("Content-Length: +" + body.length() + "\r\n", body));
        attacks.put("negative Content-Length", post("Content-Length: -1\r\n", body));
        attacks.put("bad chunk size", post("Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n" + SMUGGLED));

        int port = RawExchange.port(RunningPlatform.get().gateway());
        List<String> failures = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            String received = exchange(port, attack.getValue());
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(received);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            outcomes.add(attack.getKey() + "=" + statuses);
            // A chunk that cannot be parsed arrives after the request was accepted: no answer is acceptable there, but
            // never a second one. Everywhere else exactly one 4xx.
            boolean midBody = attack.getKey().equals("bad chunk size");
            boolean refused = statuses.size() == 1 && statuses.get(0) >= 400 && statuses.get(0) < 500
                    || midBody && statuses.isEmpty();
            if (!refused) {
                failures.add(attack.getKey() + ": responses " + statuses + "\n" + received.substring(0, Math.min(600,
                        received.length())));
            }
        }
        Figures.record("attacks: request smuggling, " + attacks.size() + " ambiguous-length requests with a smuggled GET",
                (attacks.size() - failures.size()) + " refused with one 4xx and nothing smuggled / " + failures.size()
                        + " otherwise: " + String.join(", ", outcomes));
        assertTrue(failures.isEmpty(), "Ambiguous requests not refused, or a smuggled request answered:\n"
                + String.join("\n", failures));
    }

    private static String post(String lengthHeaders, String body) {
        // The admin's token: without the ambiguity the request would be let through to the catalog.
        return "POST /api/v1/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                + io.scalableapi.gateway.support.Tokens.of("admin") + "\r\n" + lengthHeaders
                + "\r\n" + body;
    }

    /** Writes the bytes, keeps the connection open (no Connection: close) and reads whatever comes back until close. */
    private static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[8192];
            long deadline = System.currentTimeMillis() + 10_000;
            try {
                int n;
                while (System.currentTimeMillis() < deadline && (n = socket.getInputStream().read(buffer)) != -1) {
                    received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (java.net.SocketTimeoutException e) {
                // Connection left open: what arrived in 5 s of silence is all there is.
            } catch (java.io.IOException e) {
                // Reset after the answer.
            }
            return received.toString();
        }
    }
}
