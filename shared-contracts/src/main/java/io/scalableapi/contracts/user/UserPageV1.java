package io.scalableapi.contracts.user;

import java.util.List;

/**
 * One page of the admin user search. {@code nextCursor} is opaque; pass it back as {@code cursor} for the next page.
 * It is null on the last page.
 */
public record UserPageV1(List<UserProfileV1> items, String nextCursor) {
    public UserPageV1 {
        items = List.copyOf(items);
    }
}
