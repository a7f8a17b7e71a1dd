package io.scalableapi.gateway.proxy;

import io.vertx.core.http.HttpMethod;

/**
 * The request methods the gateway forwards: a closed set. Any other method (one the client invented, a standard one
 * written in another case, WebDAV's, TRACE, CONNECT) is refused before routing, so that nothing after it - the routes'
 * public methods, the meters' tags, an upstream - ever sees a method string the client chose.
 */
public final class ForwardedMethods {

    /** In the order of {@link #indexOf}. */
    private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
        HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS};

    /** The value of the Allow header on a refusal. */
    public static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    public static final int COUNT = METHODS.length;

    private ForwardedMethods() {
    }

    /** The method's index (0 to {@link #COUNT} - 1), or -1 when the gateway does not forward it. */
    public static int indexOf(HttpMethod method) {
        // Vert.x hands out its constants for the methods it knows: compared by identity, no string is looked at.
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i] == method) {
                return i;
            }
        }
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return -1;
    }

    /** The method's name by index (a constant string: a closed set of meter tags). */
    public static String name(int index) {
        return METHODS[index].name();
    }
}
