package io.fapiao.issuer;

import io.fapiao.issuer.issuance.IssuanceConfiguration;
import io.fapiao.service.testing.WorkQueueUpgradeTests;
import java.util.Map;

/**
 * An issuer database of the first release (its own {@code V23__work_item.sql} created {@code work_item},
 * now defined once in the common {@code V30__work_item.sql}): unchanged history, verified bills waiting
 * for issuance still claimed after the upgrade.
 */
class UpgradeFromFirstReleaseIT extends WorkQueueUpgradeTests {
    UpgradeFromFirstReleaseIT() {
        super(
                "issuer-api",
                "23",
                Map.of(
                        "1",
                        1735079189,
                        "10",
                        -660352785,
                        "11",
                        2146438240,
                        "12",
                        -1368964705,
                        "20",
                        650555859,
                        "21",
                        246721624,
                        "22",
                        -1694532893,
                        "23",
                        537424869),
                IssuanceConfiguration.QUEUE);
    }
}
