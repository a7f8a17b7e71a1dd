package io.scalableapi.gateway.journeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The mails Keycloak sent, as scripts/infra.sh's SMTP sink stored them: one file per mail in {@code data/mail/} of the
 * infra state directory ({@code PLATFORM_LOCAL_DIR}, by default {@code .local/}; {@code PLATFORM_MAIL_DIR} names the
 * folder itself). A person's browser is played by a cookie-keeping HTTP client that follows the mail's link.
 */
final class MailSink {
    private static final Pattern ACTION_LINK = Pattern.compile("https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+");
    private static final Pattern PROCEED = Pattern.compile("href=\"([^\"]*/login-actions/action-token\\?[^\"]*)\"");

    private MailSink() {
    }

    static Path directory() {
        String mailDir = System.getenv("PLATFORM_MAIL_DIR");
        if (mailDir != null && !mailDir.isBlank()) {
            return Path.of(mailDir);
        }
        String local = System.getenv("PLATFORM_LOCAL_DIR");
        Path state = local != null && !local.isBlank() ? Path.of(local) : RunningPlatform.repositoryRoot().resolve(".local");
        return state.resolve("data/mail");
    }

    /**
     * Every stored mail to this address (envelope recipient), oldest first: as received, then decoded from
     * quoted-printable (Keycloak sends a 7bit text part and a quoted-printable HTML part; decoding a 7bit part could
     * misread an "=XX" in its link, so the text as received is searched first).
     */
    static List<String> mailsTo(String address) {
        String recipient = "X-Envelope-To: " + address.toLowerCase(Locale.ROOT);
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted()
                    .map(MailSink::read).filter(m -> m.toLowerCase(Locale.ROOT).contains(recipient.toLowerCase(Locale.ROOT)))
                    .flatMap(m -> Stream.of(m, decodeQuotedPrintable(m))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The verify-email link of the first mail to this address; waits for the mail up to the bound. */
    static String verificationLink(String address, long timeoutMs) {
        String[] link = new String[1];
        Journey.eventually(timeoutMs, "a verification mail to " + address + " in " + directory(), () -> {
            Optional<String> found = mailsTo(address).stream().map(ACTION_LINK::matcher).filter(Matcher::find)
                    .map(m -> m.group().replace("&amp;", "&")).findFirst();
            found.ifPresent(l -> link[0] = l);
            return found.isPresent();
        });
        return link[0];
    }

    /**
     * Opens the link as a browser would: Keycloak first shows a page asking to confirm the address (the link came from
     * outside a sign-in), whose "proceed" link completes the verification in the same authentication session (its
     * cookie). Returns the last page's text.
     */
    static String follow(String link) {
        Browser browser = new Browser();
        String page = browser.get(link);
        Matcher proceed = PROCEED.matcher(page);
        if (proceed.find()) {
            page = browser.get(proceed.group(1).replace("&amp;", "&"));
        }
        return page;
    }

    /**
     * A minimal browser: keeps cookies and follows redirects itself. Keycloak marks its session cookies Secure
     * (SameSite=None), which browsers still send to a loopback address over plain HTTP but java.net.CookieManager
     * does not: hence the cookies by hand, for this loopback-only test.
     */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();

        String get(String url) {
            URI uri = URI.create(url);
            for (int hop = 0; hop < 10; hop++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
                if (!cookies.isEmpty()) {
                    request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                            .collect(java.util.stream.Collectors.joining("; ")));
                }
                HttpResponse<String> r = send(request.build());
                for (String set : r.headers().allValues("Set-Cookie")) {
                    String pair = set.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                    }
                }
                if (r.statusCode() / 100 == 3 && r.headers().firstValue("Location").isPresent()) {
                    uri = uri.resolve(r.headers().firstValue("Location").get());
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw new AssertionError("GET " + uri + " -> " + r.statusCode() + " " + r.body());
                }
                return r.body();
            }
            throw new AssertionError("more than 10 redirects from " + url);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(request.method() + " " + request.uri(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** Soft line breaks and =XX escapes (RFC 2045), for a mail whose parts are quoted-printable. */
    static String decodeQuotedPrintable(String raw) {
        if (!raw.toLowerCase(Locale.ROOT).contains("content-transfer-encoding: quoted-printable")) {
            return raw;
        }
        String joined = raw.replace("=\r\n", "").replace("=\n", "");
        StringBuilder out = new StringBuilder(joined.length());
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=' && i + 2 < joined.length() && isHex(joined.charAt(i + 1)) && isHex(joined.charAt(i + 2))) {
                out.append((char) Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
