package io.scalableapi.user.rest;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.user.domain.IfMatch;
import java.util.HashSet;
import java.util.Set;

/**
 * Entity tags of profiles: the strong ETag {@code "<version>"}. {@code If-None-Match} uses weak comparison (RFC 9110
 * §13.1.2) and {@code If-Match} strong comparison (§13.1.1), so a {@code W/} tag never satisfies If-Match.
 */
final class EntityTags {
    private EntityTags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Whether {@code If-None-Match} matches the current version, i.e. the client's copy is still current. */
    static boolean noneMatchHits(String ifNoneMatch, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(of(version))) {
                return true;
            }
        }
        return false;
    }

    /** {@code If-Match} that a PUT or PATCH must send: 428 without it. */
    static IfMatch required(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(ProblemType.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag of the profile you read, so changes made meanwhile are not lost");
        }
        return parse(ifMatch);
    }

    /** {@code If-Match} that is optional (erasure): honoured when sent. */
    static IfMatch optional(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() ? IfMatch.ABSENT : parse(ifMatch);
    }

    private static IfMatch parse(String header) {
        Set<Long> versions = new HashSet<>();
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return new IfMatch(true, true, Set.of());
            }
            if (t.startsWith("W/")) {
                continue; // weak tags never match strongly
            }
            if (!t.matches("\"[0-9]{1,18}\"")) {
                throw ApiException.badField("If-Match", "must be an entity tag such as \"3\" or *");
            }
            versions.add(Long.parseLong(t.substring(1, t.length() - 1)));
        }
        return new IfMatch(true, false, versions);
    }
}
