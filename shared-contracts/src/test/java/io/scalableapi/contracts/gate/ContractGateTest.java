package io.scalableapi.contracts.gate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The contract gate inside the build: the constant values and the event schemas of this module (japicmp, in the
 * verify phase, checks the rest of its Java API) must stay compatible with
 * {@code contract-baseline/} (the last release) unless the major version was bumped. {@code -Dcontract-gate.update=true}
 * records the current contract instead (scripts/contract-gate.sh --update does that).
 */
class ContractGateTest {

    @Test
    void contractsAreCompatibleWithTheLastRelease() throws Exception {
        Path classes = Path.of(System.getProperty("contract-gate.classes", "target/classes"));
        Path baseline = Path.of(System.getProperty("contract-gate.baseline", "contract-baseline"));
        String version = System.getProperty("contract-gate.version", "0.0.0");
        boolean update = Boolean.parseBoolean(System.getProperty("contract-gate.update", "false"));
        boolean accept = Boolean.parseBoolean(System.getProperty("contract-gate.accept-breaking", "false"));

        ContractGate.Result r = ContractGate.contracts(update, classes, baseline, version, accept);

        System.out.print(r.report());
        assertTrue(r.ok(), () -> "\n" + r.report());
    }
}
