package io.scalableapi.user.domain;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import java.util.Set;

/**
 * A parsed {@code If-Match} precondition on the profile version (RFC 9110 §13.1.1, strong comparison). Absent means
 * the caller asked for no check; {@code *} matches any existing profile.
 */
public record IfMatch(boolean present, boolean any, Set<Long> versions) {

    public static final IfMatch ABSENT = new IfMatch(false, false, Set.of());

    public IfMatch {
        versions = Set.copyOf(versions);
    }

    /** Throws 412 when the precondition does not hold for the current version. */
    public void check(long currentVersion) {
        if (present && !any && !versions.contains(currentVersion)) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED,
                    "The profile has changed since you read it (current ETag \"" + currentVersion + "\"); read it again");
        }
    }

    /** Throws 412 when a version was required but there is nothing to compare it with. */
    public void checkNothingExists() {
        if (present) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED, "There is no profile to match If-Match against");
        }
    }
}
