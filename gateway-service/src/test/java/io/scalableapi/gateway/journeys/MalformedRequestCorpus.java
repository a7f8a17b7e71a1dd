package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.SeededGen.asciiChars;
import static io.scalableapi.gateway.journeys.SeededGen.chars;
import static io.scalableapi.gateway.journeys.SeededGen.ints;
import static io.scalableapi.gateway.journeys.SeededGen.of;
import static io.scalableapi.gateway.journeys.SeededGen.oneOf;
import static io.scalableapi.gateway.journeys.SeededGen.strings;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;

/**
 * The malformed requests of the fuzz journey, made by a seeded generator of our own ({@link SeededGen}) from the
 * endpoints and request schemas below and a fixed seed, so that every run sends the same corpus and a failure can be
 * replayed. Every case is well-framed HTTP/1.1 (the protocol-level attacks are the smuggling journey's) but wrong in
 * content: invalid JSON, wrong types, missing and extra fields, huge numbers and strings, bad UTF-8, deep nesting,
 * oversized bodies, injection strings in every parameter, path traversal, bad cursors and bad headers. Each case names
 * the service that owns its path, so it is sent through the gateway and directly there. No case can be a valid write:
 * each is broken in a way the service must refuse, or addresses something that does not exist (random ids, made-up
 * cache names).
 */
final class MalformedRequestCorpus {

    static final long SEED = 20_260_509L;

    enum Service { CATALOG, USER, CACHE }

    /** Who sends it: nobody, a person (user role), an administrator. */
    enum Auth { NONE, USER, ADMIN }

    record Case(String kind, Service service, Auth auth, String method, byte[] target, List<String[]> headers, byte[] body) {

        String describe() {
            String t = new String(target, StandardCharsets.ISO_8859_1);
            return kind + " " + method + " " + (t.length() > 120 ? t.substring(0, 120) + "..." : t);
        }
    }

    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "1; DROP TABLE products; --", "\" OR \"\"=\"", "%' OR 1=1 --", "admin'--", "1 UNION SELECT password FROM users",
            "{\"$ne\":null}", "\",\"admin\":true,\"x\":\"", "]}{[", "a\r\nSet-Cookie: injected=1", "%0d%0aX-Injected:%201",
            "${jndi:ldap://127.0.0.1:1/x}", "{{7*7}}", "#{7*7}", "${7*7}", "<%= 7*7 %>", "<script>alert(1)</script>",
            "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "*)(uid=*))(|(uid=*", "%s%s%s%n", "(a+)+$",
            "\u0000", "\uFEFF\u202E", "😀💥", "null", "true", "-1", "9".repeat(400), "NaN", "Infinity");

    static final List<String> HUGE_NUMBERS = List.of("1e999999999", "-1e999999999", "9".repeat(2000),
            "123456789012345678901234567890.123456789", "1E+2147483648", "-0.0000000000000000000000000001", "0x7fffffff",
            "2147483648", "-2147483649", "1.7976931348623157e309", "NaN", "Infinity");

    /**
     * The numeral family (issue 17 item 1): exponents, huge and tiny magnitudes, long digit strings, NaN, Infinity, hex
     * floats, underscores, other scripts' digits. None fits any numeric field of the platform (prices numeric(14,2),
     * stock and counts integers, page sizes 1 to the maximum); {@code 1E-999999999} once built a billion-character cache
     * key in catalog.
     */
    static final List<String> NUMERALS = List.of("1e999999999", "1E-999999999", "-1e999999999", "1e2147483648",
            "1e-2147483647", "9".repeat(1000), "0." + "0".repeat(1000) + "1", "1" + "0".repeat(30), "12345678901234.5",
            "0.001", "-0.01", "1e-3", "NaN", "Infinity", "-Infinity", "0x1p3", "0x10", "0X1.8p1", "1_000", "1__0",
            "\u0663");

    /** Every numeric query parameter: {@code prefix + numeral}. */
    private static final List<Object[]> NUMERIC_PARAMETERS = List.of(
            new Object[] {"/api/v1/products?minPrice=", Service.CATALOG, Auth.NONE},
            new Object[] {"/api/v1/products?maxPrice=", Service.CATALOG, Auth.NONE},
            new Object[] {"/api/v1/products?limit=", Service.CATALOG, Auth.NONE},
            new Object[] {"/api/v1/categories?limit=", Service.CATALOG, Auth.NONE},
            new Object[] {"/api/v1/users?limit=", Service.USER, Auth.ADMIN});

    private MalformedRequestCorpus() {
    }

    /**
     * The numeral family in every numeric query parameter and body field (price, stockQuantity, a numeric attribute, the
     * warm-up count), all of them, not a sample: {@link #NUMERIC_PARAMETERS} × {@link #NUMERALS} plus the body fields of
     * the write endpoints × {@link #NUMERALS}. A body numeral that is a JSON token goes in raw, the others as the
     * invalid JSON they are; the write bodies stay invalid in another way (see {@link #writeEndpoint}).
     */
    static List<Case> numerals() {
        List<Case> cases = new ArrayList<>();
        for (String numeral : NUMERALS) {
            for (Object[] p : NUMERIC_PARAMETERS) {
                cases.add(new Case("numerals", (Service) p[1], (Auth) p[2], "GET", bytes(p[0] + encode(numeral)), List.of(),
                        null));
            }
            for (Endpoint e : writeEndpoints()) {
                for (String field : List.of("price", "stockQuantity", "attributes", "count")) {
                    if (!e.valid().containsKey(field)) {
                        continue;
                    }
                    Map<String, Object> body = new LinkedHashMap<>(e.valid());
                    body.put(field, field.equals("attributes") ? Map.of("weight", new RawJson(numeral)) : new RawJson(numeral));
                    Case c = e.with(toJson(body));
                    cases.add(new Case("numerals", c.service(), c.auth(), c.method(), c.target(), c.headers(), c.body()));
                }
            }
        }
        return cases;
    }

    /** What a method token may be made of (RFC 9110 tchar), for the junk-method family. */
    private static final String TCHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";

    /** Methods that exist but that the gateway does not forward, or standard ones in the wrong case. */
    static final List<String> NAMED_JUNK_METHODS = List.of("get", "Post", "pUT", "delete", "TRACE", "PROPFIND", "PROPPATCH",
            "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT", "PURGE", "LINK", "UNLINK", "QUERY", "BREW", "PRI");

    /** Routed paths of every service, read and write, the junk methods are sent to. */
    private static final List<Object[]> JUNK_METHOD_TARGETS = List.of(
            new Object[] {"/api/v1/products", Service.CATALOG, Auth.NONE},
            new Object[] {"/api/v1/products/" + UUID.nameUUIDFromBytes(bytes("fuzz-product")), Service.CATALOG, Auth.ADMIN},
            new Object[] {"/api/v1/categories", Service.CATALOG, Auth.USER},
            new Object[] {"/api/v1/users/me", Service.USER, Auth.USER},
            new Object[] {"/api/v1/users/registrations", Service.USER, Auth.NONE},
            new Object[] {"/api/v1/cache/caches", Service.CACHE, Auth.ADMIN});

    /**
     * The junk-method family (issue 17 item 2): {@code count} requests whose method the gateway does not forward - the
     * named ones above and seeded invented tokens of 1 to 24 characters, each new - spread over routed paths of every
     * service, anonymous, as a person and as an administrator. Every one must be refused (405 problem+json) without
     * adding a meter: before the fix each invented method added a timer to /q/metrics.
     */
    static List<Case> junkMethods(int count) {
        SplittableRandom random = new SplittableRandom(SEED).split();
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String method;
            if (i < NAMED_JUNK_METHODS.size()) {
                method = NAMED_JUNK_METHODS.get(i);
            } else {
                StringBuilder token = new StringBuilder();
                int length = 1 + random.nextInt(24);
                for (int j = 0; j < length; j++) {
                    token.append(TCHARS.charAt(random.nextInt(TCHARS.length())));
                }
                method = token.toString();
            }
            Object[] target = JUNK_METHOD_TARGETS.get(i % JUNK_METHOD_TARGETS.size());
            cases.add(new Case("junk method", (Service) target[1], (Auth) target[2], method, bytes((String) target[0]),
                    List.of(), null));
        }
        return cases;
    }

    /** The corpus: {@code perKind} cases of every kind, always the same for the same seed. */
    static List<Case> generate(int perKind) {
        SplittableRandom seeded = new SplittableRandom(SEED);
        List<Case> cases = new ArrayList<>();
        kinds().forEach((kind, gen) -> {
            // Each kind draws from its own split of the seeded random, so changing one kind leaves the others' cases as they were.
            SplittableRandom random = seeded.split();
            for (int i = 0; i < perKind; i++) {
                Case c = gen.next(random);
                cases.add(new Case(kind, c.service(), c.auth(), c.method(), c.target(), c.headers(), c.body()));
            }
        });
        return cases;
    }

    private static Map<String, SeededGen<Case>> kinds() {
        SeededGen<Endpoint> write = writeEndpoint();
        SeededGen<Function<String, Case>> query = queryEndpoint();
        SeededGen<Function<String, Case>> path = pathEndpoint();
        SeededGen<String> field = fieldName();
        SeededGen<String> injection = of(INJECTIONS);
        Map<String, SeededGen<Case>> kinds = new LinkedHashMap<>();
        kinds.put("invalid JSON", r -> write.next(r).with(invalidJson().next(r)));
        kinds.put("wrong types", r -> write.next(r).with(wrongTypes().next(r)));
        kinds.put("missing/extra fields", r -> {
            Endpoint e = write.next(r);
            return e.with(r.nextBoolean() ? missingField(e, field.next(r)) : extraField(e, field.next(r), fuzzValue().next(r)));
        });
        kinds.put("huge numbers", r -> {
            Endpoint e = write.next(r);
            return e.with(numberInto(e, of(HUGE_NUMBERS).next(r)));
        });
        kinds.put("huge strings", r -> {
            Endpoint e = write.next(r);
            int n = ints(5_000, 200_000).next(r);
            return e.with(stringInto(e, String.valueOf(chars().next(r)).repeat(n)));
        });
        kinds.put("bad UTF-8", r -> write.next(r).withRaw(concat(bytes("{\"name\":\""), badUtf8().next(r),
                bytes("\",\"sku\":\"x\"}"))));
        kinds.put("deep nesting", r -> {
            Endpoint e = write.next(r);
            int depth = ints(1_500, 50_000).next(r);
            return e.withRaw(bytes(of("[", "{\"a\":").next(r).repeat(depth)));
        });
        kinds.put("oversized body", r -> write.next(r).withRaw(bytes("{\"name\":\"" + "x".repeat(ints(1_100_000, 2_500_000).next(r))
                + "\"}")));
        kinds.put("injection in query", r -> {
            Function<String, Case> q = query.next(r);
            String s = injection.next(r);
            return q.apply(r.nextBoolean() ? encode(s) : asciiOnly(s).replace(" ", "+").replace("#", "%23"));
        });
        kinds.put("injection in path", r -> path.next(r).apply(encode(injection.next(r))));
        kinds.put("injection in body", r -> {
            Endpoint e = write.next(r);
            String s = injection.next(r);
            return e.with(brokenWith(e, field.next(r), s));
        });
        SeededGen<String> headerName = of("If-None-Match", "If-Match", "Idempotency-Key", "Accept", "Accept-Language",
                "X-Request-Id", "Content-Type", "Cookie", "Origin", "Referer", "User-Agent", "traceparent", "Forwarded");
        kinds.put("injection in header", r -> {
            Case c = query.next(r).apply("1");
            String s = injection.next(r);
            return withHeader(c, "injection in header", headerName.next(r), headerSafe(s));
        });
        SeededGen<String> traversal = of("/../../q/metrics", "/%2e%2e/%2e%2e/q/health", "/..%2f..%2fq%2fmetrics",
                "/%252e%252e/%252e%252e/q/metrics", "/....//....//q/metrics", "/..;/..;/q/metrics", "/.%2e/.%2e/q/openapi",
                "/%c0%ae%c0%ae/%c0%ae%c0%ae/q/metrics", "/..\\..\\q\\metrics", "/%5c..%5c..%5cq/metrics", "/%00/../q/metrics",
                "//q/metrics");
        kinds.put("path traversal", r -> {
            Service s = of(Service.values()).next(r);
            return new Case("path traversal", s, Auth.NONE, "GET", bytes(basePath(s) + traversal.next(r)), List.of(), null);
        });
        SeededGen<String> cursorPath = of("/api/v1/products?cursor=", "/api/v1/categories?after=", "/api/v1/users?cursor=");
        kinds.put("bad cursor", r -> {
            String p = cursorPath.next(r);
            boolean users = p.contains("users");
            return new Case("bad cursor", users ? Service.USER : Service.CATALOG, users ? Auth.ADMIN : Auth.NONE, "GET",
                    bytes(p + encode(badCursor().next(r))), List.of(), null);
        });
        kinds.put("bad If-Match", r -> withHeader(ifMatchEndpoint().next(r), "bad If-Match", "If-Match", badEntityTag().next(r)));
        kinds.put("bad Idempotency-Key", r -> {
            String key = badIdempotencyKey().next(r);
            byte[] body = r.nextBoolean() ? bytes("{\"sku\":\"fuzz\"}") : bytes("{\"sku\":");
            return withHeader(new Case("bad Idempotency-Key", Service.CATALOG, Auth.ADMIN, "POST", bytes("/api/v1/products"),
                    json(), body), "bad Idempotency-Key", "Idempotency-Key", key);
        });
        SeededGen<String> contentType = of("text/plain", "application/xml", "application/json; charset=EBCDIC-US",
                "multipart/form-data", "application/x-www-form-urlencoded", "", "application/json;;;", "*/*",
                "application/merge-patch+json; charset=utf-16", "application/json\u00ff");
        kinds.put("bad Content-Type", r -> {
            Endpoint e = write.next(r);
            return new Case("bad Content-Type", e.service(), e.auth(), e.method(), bytes(e.path()),
                    List.<String[]>of(new String[] {"Content-Type", contentType.next(r)}), bytes(toJson(e.valid())));
        });
        SeededGen<String> accept = of("application/xml", "text/html", "application/json;q=abc", "*/*;q=-1", "image/png",
                "application/problem+xml", "garbage", "text/*;charset=ebcdic");
        kinds.put("bad Accept", r -> withHeader(query.next(r).apply("5"), "bad Accept", "Accept", accept.next(r)));
        SeededGen<String> method = of("PATCH", "TRACE", "PROPFIND", "DELETE", "PUT", "POST", "CONNECT-X", "get");
        kinds.put("bad methods", r -> {
            Function<String, Case> p = path.next(r);
            String m = method.next(r);
            Case c = p.apply(new UUID(r.nextLong(), r.nextLong()).toString());
            return new Case("bad method", c.service(), c.auth(), m, c.target(), c.headers(), null);
        });
        return kinds;
    }

    // -------------------------------------------------------------------------------------------------- endpoints

    /**
     * A write endpoint whose body is about to be broken, and the body it starts from: well-formed but already invalid in
     * one harmless way (a bad currency, an over-long description, a bad locale or email, a cache that does not exist),
     * so that no mutation can turn it into a write that succeeds.
     */
    record Endpoint(Service service, Auth auth, String method, String path, Map<String, Object> valid, String contentType) {

        Case with(String body) {
            return withRaw(bytes(body));
        }

        Case withRaw(byte[] body) {
            return new Case(null, service, auth, method, MalformedRequestCorpus.bytes(path),
                    List.<String[]>of(new String[] {"Content-Type", contentType}), body);
        }
    }

    private static SeededGen<Endpoint> writeEndpoint() {
        return of(writeEndpoints());
    }

    private static List<Endpoint> writeEndpoints() {
        String product = "/api/v1/products/" + UUID.nameUUIDFromBytes(bytes("fuzz-product"));
        String category = "/api/v1/categories/" + UUID.nameUUIDFromBytes(bytes("fuzz-category"));
        Map<String, Object> productBody = ordered("sku", "FUZZ-1", "name", "Fuzz", "description", "d", "price", 1.5,
                "currency", "euro", "stockQuantity", 1, "categoryId", UUID.nameUUIDFromBytes(bytes("fuzz-category")).toString(),
                "status", "ACTIVE", "attributes", Map.of("k", "v"));
        Map<String, Object> profile = ordered("displayName", "Fuzz", "locale", "not a locale!", "marketingConsent", false,
                "preferences", Map.of());
        Map<String, Object> registration = ordered("username", "fuzz-never", "email", "not an email", "password",
                "fuzz-dev-password", "displayName", "Fuzz", "locale", "en", "marketingConsent", false);
        return List.of(
                new Endpoint(Service.CATALOG, Auth.ADMIN, "POST", "/api/v1/products", productBody, "application/json"),
                new Endpoint(Service.CATALOG, Auth.ADMIN, "PUT", product, productBody, "application/json"),
                new Endpoint(Service.CATALOG, Auth.ADMIN, "POST", "/api/v1/categories", ordered("name", "Fuzz", "description", "d".repeat(1001)),
                        "application/json"),
                new Endpoint(Service.CATALOG, Auth.ADMIN, "PUT", category, ordered("name", "Fuzz", "description", "d".repeat(1001)),
                        "application/json"),
                new Endpoint(Service.USER, Auth.USER, "PUT", "/api/v1/users/me", profile, "application/json"),
                new Endpoint(Service.USER, Auth.USER, "PATCH", "/api/v1/users/me", profile, "application/merge-patch+json"),
                new Endpoint(Service.USER, Auth.NONE, "POST", "/api/v1/users/registrations", registration, "application/json"),
                new Endpoint(Service.CACHE, Auth.ADMIN, "POST", "/api/v1/cache/caches/fuzz-no-such-cache/warm-ups",
                        ordered("count", 1), "application/json"));
    }

    /** A GET with one parameter to fill. */
    private static SeededGen<Function<String, Case>> queryEndpoint() {
        return of(
                q("/api/v1/products?category=", Service.CATALOG, Auth.NONE), q("/api/v1/products?minPrice=", Service.CATALOG, Auth.NONE),
                q("/api/v1/products?maxPrice=", Service.CATALOG, Auth.NONE), q("/api/v1/products?status=", Service.CATALOG, Auth.NONE),
                q("/api/v1/products?q=", Service.CATALOG, Auth.NONE), q("/api/v1/products?sort=", Service.CATALOG, Auth.NONE),
                q("/api/v1/products?limit=", Service.CATALOG, Auth.NONE), q("/api/v1/products?cursor=", Service.CATALOG, Auth.NONE),
                q("/api/v1/categories?limit=", Service.CATALOG, Auth.NONE), q("/api/v1/categories?after=", Service.CATALOG, Auth.NONE),
                q("/api/v1/users?q=", Service.USER, Auth.ADMIN), q("/api/v1/users?limit=", Service.USER, Auth.ADMIN),
                q("/api/v1/users?cursor=", Service.USER, Auth.ADMIN), q("/api/v1/users/me?x=", Service.USER, Auth.USER),
                q("/api/v1/cache/caches?name=", Service.CACHE, Auth.ADMIN));
    }

    private static Function<String, Case> q(String prefix, Service service, Auth auth) {
        return value -> new Case("injection in query", service, auth, "GET", bytes(prefix + value), List.of(), null);
    }

    /** A GET (or DELETE of something that cannot exist) with one path segment to fill. */
    private static SeededGen<Function<String, Case>> pathEndpoint() {
        return of(
                p("GET", "/api/v1/products/", "", Service.CATALOG, Auth.NONE), p("GET", "/api/v1/products/sku/", "", Service.CATALOG, Auth.NONE),
                p("GET", "/api/v1/categories/", "", Service.CATALOG, Auth.NONE), p("DELETE", "/api/v1/products/", "", Service.CATALOG, Auth.ADMIN),
                p("GET", "/api/v1/users/", "", Service.USER, Auth.ADMIN),
                p("GET", "/api/v1/cache/caches/", "", Service.CACHE, Auth.ADMIN),
                p("GET", "/api/v1/cache/warm-ups/", "", Service.CACHE, Auth.ADMIN),
                p("DELETE", "/api/v1/cache/caches/fuzz-no-such-cache/entries/", "", Service.CACHE, Auth.ADMIN),
                p("DELETE", "/api/v1/cache/caches/", "/entries", Service.CACHE, Auth.ADMIN));
    }

    private static Function<String, Case> p(String method, String prefix, String suffix, Service service, Auth auth) {
        return segment -> new Case("injection in path", service, auth, method, bytes(prefix + segment + suffix), List.of(), null);
    }

    private static SeededGen<Case> ifMatchEndpoint() {
        String product = "/api/v1/products/" + UUID.nameUUIDFromBytes(bytes("fuzz-product"));
        return of(
                new Case(null, Service.CATALOG, Auth.ADMIN, "DELETE", bytes(product), List.of(), null),
                new Case(null, Service.CATALOG, Auth.ADMIN, "PUT", bytes(product), json(), bytes("{\"sku\":\"x\"}")),
                new Case(null, Service.USER, Auth.USER, "PUT", bytes("/api/v1/users/me"), json(),
                        bytes("{\"displayName\":\"Fuzz\",\"locale\":\"en\",\"marketingConsent\":false}")),
                new Case(null, Service.USER, Auth.USER, "DELETE", bytes("/api/v1/users/me"), List.of(), null));
    }

    // ----------------------------------------------------------------------------------------------------- values

    private static SeededGen<String> invalidJson() {
        return oneOf(
                of("{", "}", "{\"name\":}", "{'name':'x'}", "{\"name\":\"x\",}", "[1,2", "nul", "{\"a\":1}{\"b\":2}",
                        "{\"name\":\"\\uZZZZ\"}", "{\"name\":\"unterminated", "\u0000", "{\"a\":NaN}", "/* c */ {}", "{\"a\":01}", ""),
                strings(chars(), 1, 300).map(s -> "{" + s),
                strings(asciiChars(), 1, 300).filter(s -> !s.isBlank()).map(s -> s + "\"}"));
    }

    private static SeededGen<String> wrongTypes() {
        SeededGen<String> value = of("[]", "{}", "[1,2,3]", "true", "{\"nested\":{\"x\":1}}", "\"text\"", "12.5", "-7",
                "\"2024-13-45\"", "[\"a\"]");
        return r -> "{\"" + fieldName().next(r) + "\":" + value.next(r) + "}";
    }

    private static SeededGen<String> fieldName() {
        return of("sku", "name", "description", "price", "currency", "stockQuantity", "categoryId", "status",
                "attributes", "displayName", "locale", "marketingConsent", "preferences", "username", "email", "password", "count");
    }

    private static SeededGen<Object> fuzzValue() {
        return oneOf(strings(chars(), 0, 50), ints(), of(true, List.of(1)));
    }

    private static SeededGen<byte[]> badUtf8() {
        return of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
    }

    private static SeededGen<String> badCursor() {
        return oneOf(
                strings(chars(), 0, 200),
                strings(asciiChars(), 0, 200).map(s -> Base64.getUrlEncoder().encodeToString(bytes(s))),
                of("{\"id\":\"x\",\"v\":[]}", "{\"after\":null}", "[]", "1e999999", "-1", INJECTIONS.get(0),
                        "A".repeat(10_000)).map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(s))),
                of("!!!", "====", "eyJ", "%%", "\u0000", "null"));
    }

    private static SeededGen<String> badEntityTag() {
        return oneOf(of("\"\"", "W/", "\"unterminated", "W/\"1\", garbage", "\"-1\"", "\"999999999999999999999\"",
                "\"1\" \"2\"", "W/\"" + "9".repeat(400) + "\"", ",,,,", "\"abc\"", "null", "0"),
                strings(asciiChars(), 1, 80).map(MalformedRequestCorpus::headerSafe)
                        .filter(s -> !s.isBlank() && !s.trim().equals("*")));
    }

    private static SeededGen<String> badIdempotencyKey() {
        return oneOf(of("", " ", "x".repeat(5000), "../../etc", "' OR '1'='1", "%00", "{{7*7}}"),
                strings(asciiChars(), 0, 300).map(MalformedRequestCorpus::headerSafe));
    }

    // ----------------------------------------------------------------------------------------------------- bodies

    private static String missingField(Endpoint e, String ignored) {
        // Drop a required field; the rest stays valid, so only the missing field is wrong. An endpoint with one field gets {}.
        Map<String, Object> body = new LinkedHashMap<>(e.valid());
        String first = body.keySet().iterator().next();
        body.remove(body.containsKey(ignored) && !ignored.equals("description") && !ignored.equals("attributes")
                && !ignored.equals("preferences") && !ignored.equals("displayName") && !ignored.equals("locale")
                && !ignored.equals("marketingConsent") ? ignored : first);
        if (e.method().equals("PATCH")) {
            return "{\"displayName\":null}";
        }
        return toJson(body);
    }

    private static String extraField(Endpoint e, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(e.valid());
        body.put("unexpected_" + field, value);
        return toJson(body);
    }

    private static String numberInto(Endpoint e, String number) {
        String field = e.valid().containsKey("price") ? "price" : e.valid().containsKey("count") ? "count"
                : e.valid().containsKey("marketingConsent") ? "marketingConsent" : "name";
        Map<String, Object> body = new LinkedHashMap<>(e.valid());
        body.put(field, new RawJson(number));
        return toJson(body);
    }

    private static String stringInto(Endpoint e, String value) {
        Map<String, Object> body = new LinkedHashMap<>(e.valid());
        String field = body.keySet().iterator().next();
        body.put(field, value);
        if (e.service() == Service.CACHE) {
            body.put("count", value);
        }
        if (e.method().equals("POST") && e.path().endsWith("registrations")) {
            body.put("username", value);
        }
        return toJson(body);
    }

    /** An injection string in a field, and another field broken so that the request can never be a valid write. */
    private static String brokenWith(Endpoint e, String field, String injection) {
        Map<String, Object> body = new LinkedHashMap<>(e.valid());
        body.put(field, injection);
        body.put("unexpected_field", injection);
        return toJson(body);
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private record RawJson(String text) {
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof RawJson raw) {
            return raw.text();
        }
        if (value instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            map.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(toJson(k.toString())).append(':').append(toJson(v)));
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            list.forEach(v -> b.append(b.length() > 1 ? "," : "").append(toJson(v)));
            return b.append(']').toString();
        }
        return value.toString();
    }

    private static Case withHeader(Case c, String kind, String name, String value) {
        List<String[]> headers = new ArrayList<>(c.headers());
        headers.add(new String[] {name, value});
        return new Case(kind, c.service(), c.auth(), c.method(), c.target(), headers, c.body());
    }

    private static List<String[]> json() {
        return List.<String[]>of(new String[] {"Content-Type", "application/json"});
    }

    static String basePath(Service s) {
        return switch (s) {
            case CATALOG -> "/api/v1/products";
            case USER -> "/api/v1/users/me";
            case CACHE -> "/api/v1/cache/caches";
        };
    }

    /** Header values must stay one header line: CR and LF become visible text (the CRLF attack is in the value as text). */
    static String headerSafe(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c == '\r' ? "%0d" : c == '\n' ? "%0a" : c < 0x20 || c == 0x7f ? "%" + String.format("%02x", (int) c)
                    : c > 0xff ? "?" : String.valueOf(c));
        }
        return b.toString();
    }

    private static String asciiOnly(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c > 0x20 && c < 0x7f ? String.valueOf(c) : encode(String.valueOf(c)));
        }
        return b.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
