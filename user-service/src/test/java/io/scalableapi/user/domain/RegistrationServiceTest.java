package io.scalableapi.user.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.user.config.UserServiceConfig;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Registration's compensation: whatever fails after the Keycloak account exists (role, verification mail, profile), the
 * account is removed again; a taken username or email makes nothing.
 */
class RegistrationServiceTest {
    private static final Registration ANNA = new Registration("anna", "anna@example.test", "anna-long-password", "Anna",
            "en", false);

    private final RecordingAccounts accounts = new RecordingAccounts();
    private final List<UserProfileV1> cached = new ArrayList<>();

    @Test
    void failingProfileInsertRemovesTheNewAccount() {
        RuntimeException dbDown = new IllegalStateException("database down");
        RegistrationService service = service(profile -> {
            throw dbDown;
        });

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> service.register(ANNA));

        assertSame(dbDown, thrown);
        assertEquals(List.of("create anna", "grant user", "mail", "remove"), accounts.calls);
        assertEquals(List.of(), cached);
    }

    @Test
    void failingRoleGrantRemovesTheNewAccountAndCreatesNoProfile() {
        accounts.failGrant = true;
        List<NewProfile> inserted = new ArrayList<>();
        RegistrationService service = service(profile -> {
            inserted.add(profile);
            return view(profile);
        });

        assertThrows(IllegalStateException.class, () -> service.register(ANNA));

        assertEquals(List.of("create anna", "grant user", "remove"), accounts.calls);
        assertEquals(List.of(), inserted);
    }

    @Test
    void successKeepsTheAccountAndCachesTheProfile() {
        RegistrationService service = service(RegistrationServiceTest::view);

        UserProfileV1 profile = service.register(ANNA).orElseThrow();

        assertEquals(accounts.created, profile.id());
        assertEquals(List.of("create anna", "grant user", "mail"), accounts.calls);
        assertEquals(List.of(profile), cached);
    }

    @Test
    void takenUsernameOrEmailCreatesGrantsAndSendsNothing() {
        accounts.taken = true;
        List<NewProfile> inserted = new ArrayList<>();
        RegistrationService service = service(profile -> {
            inserted.add(profile);
            return view(profile);
        });

        assertEquals(Optional.empty(), service.register(ANNA));

        assertEquals(List.of("create anna"), accounts.calls);
        assertEquals(List.of(), inserted);
        assertEquals(List.of(), cached);
    }

    @Test
    void failingVerificationMailRemovesTheNewAccountAndCreatesNoProfile() {
        accounts.failMail = true;
        List<NewProfile> inserted = new ArrayList<>();
        RegistrationService service = service(profile -> {
            inserted.add(profile);
            return view(profile);
        });

        assertThrows(IllegalStateException.class, () -> service.register(ANNA));

        assertEquals(List.of("create anna", "grant user", "mail", "remove"), accounts.calls);
        assertEquals(List.of(), inserted);
    }

    private RegistrationService service(java.util.function.Function<NewProfile, UserProfileV1> insert) {
        ProfileService profiles = new ProfileService(null, null, null) {
            @Override
            public UserProfileV1 createRegistered(NewProfile profile) {
                return insert.apply(profile);
            }
        };
        ProfileCache cache = new ProfileCache(null, null, null, new Defaults(), null) {
            @Override
            public void store(UserProfileV1 profile) {
                cached.add(profile);
            }
        };
        return new RegistrationService(accounts, profiles, cache, new Defaults());
    }

    private static UserProfileV1 view(NewProfile p) {
        OffsetDateTime now = OffsetDateTime.now();
        return new UserProfileV1(p.userId(), p.username(), p.displayName(), p.email(), p.locale(), Map.of(),
                p.marketingConsent(), 1, now, now);
    }

    /** Keycloak stand-in that records what was asked of it. */
    private static final class RecordingAccounts implements IdentityAccounts {
        final List<String> calls = new ArrayList<>();
        final UUID created = UUID.randomUUID();
        boolean failGrant;
        boolean failMail;
        boolean taken;

        @Override
        public Optional<UUID> create(NewAccount account) {
            calls.add("create " + account.username());
            return taken ? Optional.empty() : Optional.of(created);
        }

        @Override
        public void sendVerificationMail(UUID userId) {
            assertEquals(created, userId);
            calls.add("mail");
            if (failMail) {
                throw new IllegalStateException("the mail server is down");
            }
        }

        @Override
        public void grantRealmRole(UUID userId, String role) {
            calls.add("grant " + role);
            if (failGrant) {
                throw new IllegalStateException("Keycloak refused the role");
            }
        }

        @Override
        public void remove(UUID userId) {
            assertEquals(created, userId);
            calls.add("remove");
        }

        @Override
        public Optional<Map<String, Object>> export(UUID userId) {
            return Optional.empty();
        }
    }

    private static final class Defaults implements UserServiceConfig {
        @Override
        public String defaultLocale() {
            return "en";
        }

        @Override
        public String registeredRole() {
            return "user";
        }

        @Override
        public int defaultPageSize() {
            return 20;
        }

        @Override
        public int maxPageSize() {
            return 100;
        }

        @Override
        public Duration verificationLinkLifespan() {
            return Duration.ofHours(24);
        }

        @Override
        public Duration erasureRetryInterval() {
            return Duration.ofSeconds(30);
        }

        @Override
        public java.util.Optional<String> profileCacheKeyPrefix() {
            return java.util.Optional.empty();
        }
    }
}
