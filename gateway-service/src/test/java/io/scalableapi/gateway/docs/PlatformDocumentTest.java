package io.scalableapi.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The committed merged document (the SDK source, contract-baseline/platform-openapi.json) is exactly what the merger
 * makes of the services' committed baselines, so it can neither be edited by hand nor fall behind a release.
 * {@code -Dplatform-document.update} rewrites it (scripts/contract-gate.sh --update does).
 */
class PlatformDocumentTest {

    @Test
    void committedMergedDocumentIsTheMergeOfTheServicesBaselines() throws Exception {
        JsonObject merged = PlatformDocument.fromBaselines();
        if (System.getProperty("platform-document.update") != null) {
            Files.writeString(PlatformDocument.COMMITTED, merged.encodePrettily() + "\n");
        }
        JsonObject committed = new JsonObject(Files.readString(PlatformDocument.COMMITTED));
        assertEquals(merged, committed, PlatformDocument.COMMITTED + " is not the merge of the services' baselines: "
                + "run scripts/contract-gate.sh --update (or ./mvnw -pl gateway-service -am test "
                + "-Dtest=PlatformDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dplatform-document.update)");
    }
}
