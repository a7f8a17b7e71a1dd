package io.scalableapi.user.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which fields an edit changes decides whether the version moves and what UserProfileUpdated names. */
class ProfileServiceTest {

    @Test
    void identicalEditChangesNothing() {
        UserProfileEntity p = profile();
        assertEquals(List.of(), ProfileService.apply(p, ProfileEdit.of(p), "a@example.test"));
    }

    @Test
    void namesEveryChangedFieldIncludingTheEmailFromTheToken() {
        UserProfileEntity p = profile();
        List<String> changed = ProfileService.apply(p,
                new ProfileEdit("Other", "fr", true, Map.of("theme", "dark")), "new@example.test");

        assertEquals(List.of("displayName", "locale", "marketingConsent", "preferences", "email"), changed);
        assertEquals("new@example.test", p.email);
        assertEquals(Map.of("theme", "dark"), p.preferences);
    }

    @Test
    void tokenWithoutEmailKeepsTheStoredOne() {
        UserProfileEntity p = profile();
        assertEquals(List.of(), ProfileService.apply(p, ProfileEdit.of(p), null));
        assertEquals("a@example.test", p.email);
    }

    private static UserProfileEntity profile() {
        UserProfileEntity p = new UserProfileEntity();
        p.displayName = "A";
        p.locale = "en";
        p.email = "a@example.test";
        p.preferences = new TreeMap<>(Map.of("theme", "light"));
        return p;
    }
}
