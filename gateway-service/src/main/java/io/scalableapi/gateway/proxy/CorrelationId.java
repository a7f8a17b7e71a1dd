package io.scalableapi.gateway.proxy;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} of a request: the client's when it looks like an id, a fresh UUID otherwise. Garbage is replaced
 * rather than forwarded because the id ends up in every service's logs.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "gateway.correlation-id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {
    }

    /** Resolves once per request; also writes the id back into the request headers so the access log shows it. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        if (id == null) {
            String supplied = ctx.request().getHeader(HEADER);
            id = supplied != null && ACCEPTABLE.matcher(supplied).matches() ? supplied : newId();
            ctx.put(KEY, id);
            ctx.request().headers().set(HEADER, id);
        }
        return id;
    }

    /**
     * A random (version 4) UUID from the thread's own generator. UUID.randomUUID() draws from the shared SecureRandom,
     * which showed in the gateway's profile; an id that only has to be unique in logs needs no cryptographic strength.
     */
    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
