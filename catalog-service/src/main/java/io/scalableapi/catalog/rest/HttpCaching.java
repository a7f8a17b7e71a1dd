package io.scalableapi.catalog.rest;

import io.scalableapi.catalog.domain.ExpectedVersion;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import java.time.Duration;
import java.util.Arrays;

/** ETags from versions, conditional request headers, and the Cache-Control of public and admin responses. */
final class HttpCaching {
    static final String NO_STORE = "no-store";

    private HttpCaching() {
    }

    /** Strong ETag of a single resource: its version. */
    static String etag(long version) {
        return "\"" + version + "\"";
    }

    static String publicFor(Duration maxAge) {
        return "public, max-age=" + maxAge.toSeconds();
    }

    /** {@code If-None-Match} with weak comparison (RFC 9110 13.1.2): true when the client's copy is current. */
    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String current = opaque(etag);
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .anyMatch(tag -> tag.equals("*") || opaque(tag).equals(current));
    }

    /** {@code If-Match} of a write: required (428); {@code *} or one strong ETag of a version. */
    static ExpectedVersion expected(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag you read, so a concurrent change is not overwritten");
        }
        String tag = ifMatch.strip();
        if (tag.equals("*")) {
            return ExpectedVersion.ANY;
        }
        if (tag.length() < 3 || tag.length() > 22 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
            // Also rejects weak tags (W/"..."): If-Match uses strong comparison.
            throw ApiException.badField("If-Match", "a strong ETag as returned by GET, e.g. \"3\"");
        }
        try {
            return ExpectedVersion.of(Long.parseLong(tag.substring(1, tag.length() - 1)));
        } catch (NumberFormatException e) {
            // Well-formed but not one of ours: it cannot match the current version.
            throw new ApiException(ProblemType.PRECONDITION_FAILED, "The If-Match ETag does not match the resource");
        }
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
