package io.scalableapi.contracts.user;

/**
 * CloudEvents {@code type} values of user-service's events on {@link io.scalableapi.contracts.events.Topics#USER_EVENTS}.
 * The suffix is the payload's major version: a breaking payload change gets a new type, never a changed one.
 */
public final class UserEventTypes {
    /** A profile now exists: registered through the API, or created on the person's first authenticated call. */
    public static final String REGISTERED = "io.scalableapi.user.registered.v1";
    /** The person changed their profile. */
    public static final String PROFILE_UPDATED = "io.scalableapi.user.profile-updated.v1";
    /** The person erased their account: consumers must delete what they hold about {@code userId}. */
    public static final String DELETED = "io.scalableapi.user.deleted.v1";

    /** CloudEvents {@code subject} of a user event: {@code users/<id>}. */
    public static String subject(Object userId) {
        return "users/" + userId;
    }

    private UserEventTypes() {
    }
}
