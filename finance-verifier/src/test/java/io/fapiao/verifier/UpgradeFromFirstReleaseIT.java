package io.fapiao.verifier;

import io.fapiao.service.testing.WorkQueueUpgradeTests;
import io.fapiao.verifier.verification.VerificationConfiguration;
import java.util.Map;

/**
 * A verifier database of the first release (its own {@code V11__work_item.sql} created {@code work_item},
 * now defined once in the common {@code V30__work_item.sql}): unchanged history, bills waiting for
 * verification still claimed after the upgrade.
 */
class UpgradeFromFirstReleaseIT extends WorkQueueUpgradeTests {
    UpgradeFromFirstReleaseIT() {
        super(
                "finance-verifier",
                "11",
                Map.of("1", 1735079189, "10", -1052118944, "11", 834507052),
                VerificationConfiguration.QUEUE);
    }
}
