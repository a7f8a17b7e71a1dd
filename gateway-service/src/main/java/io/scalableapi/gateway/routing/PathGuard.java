package io.scalableapi.gateway.routing;

import java.util.Locale;

/**
 * Rejects request paths whose meaning could differ between the gateway and the upstream: encoded slashes, backslashes and
 * dots, dot segments and matrix parameters. The gateway routes on the normalized path and forwards exactly that path, so
 * {@code /api/v1/products/../../../q/metrics} can never reach a service's {@code /q} endpoints.
 */
public final class PathGuard {

    private PathGuard() {
    }

    /** True when the raw path (before normalization) is unambiguous. */
    public static boolean isAcceptable(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%00")
                || lower.indexOf('\\') >= 0 || lower.indexOf(';') >= 0 || lower.contains("//")) {
            return false;
        }
        for (String segment : rawPath.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
