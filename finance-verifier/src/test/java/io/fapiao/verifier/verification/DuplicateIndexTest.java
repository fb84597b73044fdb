package io.fapiao.verifier.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.bill.BillItem;
import io.fapiao.protocol.bill.Payer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateIndexTest {
    private static final BillItem CONSULTATION = new BillItem("110200001", "普通门诊诊查费", "REGISTRATION", "1", "10.00", 1000);
    private static final BillItem AMOXICILLIN = new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊", "WESTERN_MEDICINE",
            "2", "12.50", 2500);

    @Test
    void theSameItemsInAnotherOrderOrSpellingAreTheSame() {
        BillItem respelt = new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊(0.25g)", "WESTERN_MEDICINE", "2.0", "12.5", 2500);
        assertThat(DuplicateIndex.itemsDigest(List.of(CONSULTATION, AMOXICILLIN)))
                .isEqualTo(DuplicateIndex.itemsDigest(List.of(respelt, CONSULTATION)));
        BillItem three = new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊", "WESTERN_MEDICINE", "3", "12.50", 3750);
        assertThat(DuplicateIndex.itemsDigest(List.of(CONSULTATION, AMOXICILLIN)))
                .isNotEqualTo(DuplicateIndex.itemsDigest(List.of(CONSULTATION, three)))
                .isNotEqualTo(DuplicateIndex.itemsDigest(List.of(CONSULTATION)));
    }

    @Test
    void payerPseudonymsAreKeyedAndStable(@TempDir Path dir) throws Exception {
        Payer payer = new Payer("张伟", "RESIDENT_ID", "11010519491231002X");
        PayerPseudonyms first = PayerPseudonyms.openOrCreate(dir.resolve("a/payer-hash.key"));
        PayerPseudonyms again = PayerPseudonyms.openOrCreate(dir.resolve("a/payer-hash.key"));
        PayerPseudonyms otherKey = PayerPseudonyms.openOrCreate(dir.resolve("b/payer-hash.key"));

        assertThat(first.of(payer)).hasSize(64).isEqualTo(again.of(payer)).isNotEqualTo(otherKey.of(payer))
                .doesNotContain("11010519491231002X");
        assertThat(first.of(new Payer("张伟", "PASSPORT", "11010519491231002X"))).isNotEqualTo(first.of(payer));
        assertThat(first.of(new Payer("Zhang Wei", "RESIDENT_ID", "11010519491231002X"))).isEqualTo(first.of(payer));
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("a/payer-hash.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
