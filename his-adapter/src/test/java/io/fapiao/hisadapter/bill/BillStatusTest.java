package io.fapiao.hisadapter.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bill statuses' transitions: forward only, and the final ones go nowhere. */
class BillStatusTest {
    @Test
    void onlyTheDocumentedTransitionsAreAllowed() {
        assertThat(allowed(BillStatus.RECEIVED))
                .containsExactlyInAnyOrder(BillStatus.QUEUED, BillStatus.SUBMITTED, BillStatus.FAILED);
        assertThat(allowed(BillStatus.QUEUED)).containsExactlyInAnyOrder(BillStatus.SUBMITTED, BillStatus.FAILED);
        assertThat(allowed(BillStatus.SUBMITTED)).containsExactlyInAnyOrder(BillStatus.VERIFIED, BillStatus.REJECTED);
        assertThat(allowed(BillStatus.VERIFIED)).containsExactly(BillStatus.ISSUED);
        assertThat(allowed(BillStatus.ISSUED)).containsExactlyInAnyOrder(BillStatus.CLAIMED, BillStatus.REVERSED);
        for (BillStatus last :
                EnumSet.of(BillStatus.FAILED, BillStatus.REJECTED, BillStatus.CLAIMED, BillStatus.REVERSED)) {
            assertThat(allowed(last)).as(last.name()).isEmpty();
        }
        for (BillStatus status : BillStatus.values()) {
            assertThat(status.canBecome(status))
                    .as("a repeated report of %s changes nothing", status)
                    .isFalse();
        }
    }

    private static Set<BillStatus> allowed(BillStatus from) {
        Set<BillStatus> next = EnumSet.noneOf(BillStatus.class);
        for (BillStatus to : BillStatus.values()) {
            if (from.canBecome(to)) {
                next.add(to);
            }
        }
        return next;
    }
}
