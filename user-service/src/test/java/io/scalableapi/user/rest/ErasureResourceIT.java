package io.scalableapi.user.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Erasure against the packaged jar, including UserDeleted on Kafka. */
@QuarkusIntegrationTest
class ErasureResourceIT extends ErasureResourceTest {
}
