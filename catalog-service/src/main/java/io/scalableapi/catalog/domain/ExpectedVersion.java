package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;

/** The version a conditional write expects ({@code If-Match}); {@link #ANY} for {@code If-Match: *}. */
public record ExpectedVersion(Long version) {
    public static final ExpectedVersion ANY = new ExpectedVersion(null);

    public static ExpectedVersion of(long version) {
        return new ExpectedVersion(version);
    }

    /** 412 when the resource has moved on since the client read it. */
    public void check(long current, String what) {
        if (version != null && version != current) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED,
                    what + " has changed (current version " + current + "); read it again and retry");
        }
    }
}
