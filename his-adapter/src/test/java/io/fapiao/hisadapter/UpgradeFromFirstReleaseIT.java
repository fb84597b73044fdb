package io.fapiao.hisadapter;

import io.fapiao.service.testing.MigrationUpgradeTests;
import java.util.Map;

/**
 * The adapter's first release kept its work in outboxes of its own, not in {@code work_item}: here only
 * its history is checked unchanged. That its pending submissions and notifications are moved into
 * {@code work_item} by {@code V31__outboxes_into_work_item.sql} and delivered after the upgrade is
 * {@link BillFlowTests#pendingWorkInADatabaseOfTheFirstReleaseIsDeliveredAfterTheUpgrade} (H2 and PostgreSQL).
 */
class UpgradeFromFirstReleaseIT extends MigrationUpgradeTests {
    UpgradeFromFirstReleaseIT() {
        super("his-adapter", "10", Map.of("1", 1735079189, "10", -2138636792));
    }
}
