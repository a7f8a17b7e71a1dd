package io.scalableapi.user.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The registration stories against the packaged jar (java -jar target/quarkus-app/quarkus-run.jar). */
@QuarkusIntegrationTest
class RegistrationResourceIT extends RegistrationResourceTest {
}
