package io.scalableapi.gateway.journeys;

import java.io.IOException;
import java.net.CookieManager;
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

    /** Every stored mail to this address (envelope recipient), oldest first, decoded from quoted-printable. */
    static List<String> mailsTo(String address) {
        String recipient = "X-Envelope-To: " + address.toLowerCase(Locale.ROOT);
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted()
                    .map(MailSink::read).filter(m -> m.toLowerCase(Locale.ROOT).contains(recipient.toLowerCase(Locale.ROOT)))
                    .map(MailSink::decodeQuotedPrintable).toList();
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
     * outside a sign-in), whose "proceed" link completes the verification. Returns the last page's text.
     */
    static String follow(String link) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        String page = get(browser, link);
        Matcher proceed = PROCEED.matcher(page);
        if (proceed.find()) {
            page = get(browser, proceed.group(1).replace("&amp;", "&"));
        }
        return page;
    }

    private static String get(HttpClient browser, String url) {
        try {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + url + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
