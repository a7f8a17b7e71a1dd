package io.scalableapi.user.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The bad-input table against the packaged jar. */
@QuarkusIntegrationTest
class MalformedRequestsIT extends MalformedRequestsTest {
}
