package io.scalableapi.user.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.TestKeycloak;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Registration must not tell a stranger who is registered: a taken username, a taken email and a fresh pair get the
 * same status, the same headers (names, and values apart from the request's own id) and the same body, byte for byte.
 * Only the state in Keycloak differs, and only the mail tells the person.
 */
@QuarkusTest
class RegistrationDoesNotRevealAccountsResourceTest {
    /** Headers whose value is the request's own (the correlation id): their presence is compared, not their value. */
    private static final Set<String> PER_REQUEST = Set.of("x-request-id", "date");

    private final NewUsers users = new NewUsers();
    private final List<String> strayUsernames = new ArrayList<>();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
        strayUsernames.forEach(u -> TestKeycloak.findUser(u)
                .ifPresent(found -> TestKeycloak.deleteUser(UUID.fromString(found.path("id").asText()))));
    }

    @Test
    void takenUsernameTakenEmailAndAFreshPairGetTheSameAnswer() {
        NewUsers.Person first = NewUsers.person();
        Answer firstAnswer = Answer.of(users.register(first.body()));
        UUID firstId = NewUsers.accountOf(first.body()).orElseThrow(() -> new AssertionError("no account: " + firstAnswer));

        Map<String, Object> takenUsername = new HashMap<>(NewUsers.person().body());
        takenUsername.put("username", first.username());
        Map<String, Object> takenEmail = new HashMap<>(NewUsers.person().body());
        takenEmail.put("email", first.email().toUpperCase(Locale.ROOT));
        strayUsernames.add(String.valueOf(takenEmail.get("username")));
        NewUsers.Person fresh = NewUsers.person();

        Answer usernameAnswer = Answer.of(users.register(takenUsername));
        Answer emailAnswer = Answer.of(users.register(takenEmail));
        Answer freshAnswer = Answer.of(users.register(fresh.body()));

        assertEquals(202, freshAnswer.status(), freshAnswer.toString());
        assertEquals(freshAnswer, firstAnswer, "two fresh pairs");
        assertEquals(freshAnswer, usernameAnswer, "a taken username answers as a fresh pair");
        assertEquals(freshAnswer, emailAnswer, "a taken email answers as a fresh pair");

        // What did happen: the taken ones changed nothing, the fresh one is an account waiting for its verification.
        assertEquals(first.email(), TestKeycloak.user(firstId).path("email").asText(), "the first account is untouched");
        assertTrue(TestKeycloak.findUserByEmail(String.valueOf(takenUsername.get("email"))).isEmpty(),
                "no account for the taken username's email");
        assertTrue(TestKeycloak.findUser(String.valueOf(takenEmail.get("username"))).isEmpty(),
                "no account for the taken email's username");
        UUID freshId = NewUsers.accountOf(fresh.body()).orElseThrow(() -> new AssertionError("the fresh pair has no account"));
        assertEquals(false, TestKeycloak.user(freshId).path("emailVerified").asBoolean(true));
    }

    /** What a client can observe of an answer, with the per-request header values blanked. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(Response response) {
            Map<String, String> headers = new TreeMap<>();
            response.headers().forEach(h -> {
                String name = h.getName().toLowerCase(Locale.ROOT);
                headers.merge(name, PER_REQUEST.contains(name) ? "<per request>" : h.getValue(), (a, b) -> a + ", " + b);
            });
            return new Answer(response.statusCode(), headers, response.asString());
        }
    }
}
