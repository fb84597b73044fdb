package io.fapiao.verifier.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.BillItem;
import io.fapiao.protocol.bill.Payer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class DuplicateIndexTest {
    private static final BillItem CONSULTATION =
            new BillItem("110200001", "普通门诊诊查费", "REGISTRATION", "1", "10.00", 1000);
    private static final BillItem AMOXICILLIN =
            new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊", "WESTERN_MEDICINE", "2", "12.50", 2500);

    @Test
    void theSameItemsInAnotherOrderOrSpellingAreTheSame() {
        BillItem respelt =
                new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊(0.25g)", "WESTERN_MEDICINE", "2.0", "12.5", 2500);
        assertThat(DuplicateIndex.itemsDigest(List.of(CONSULTATION, AMOXICILLIN)))
                .isEqualTo(DuplicateIndex.itemsDigest(List.of(respelt, CONSULTATION)));
        BillItem three = new BillItem("XJ01CAA040A001010100001", "阿莫西林胶囊", "WESTERN_MEDICINE", "3", "12.50", 3750);
        assertThat(DuplicateIndex.itemsDigest(List.of(CONSULTATION, AMOXICILLIN)))
                .isNotEqualTo(DuplicateIndex.itemsDigest(List.of(CONSULTATION, three)))
                .isNotEqualTo(DuplicateIndex.itemsDigest(List.of(CONSULTATION)));
    }

    @Test
    void aBillWaitsWhileAnotherWithTheSamePayerAndItemsIsBeingDecided(@TempDir Path dir) throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("db")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "sa",
                "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/finance-verifier")
                .load()
                .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        DuplicateIndex index = new DuplicateIndex(
                jdbc,
                new DataSourceTransactionManager(dataSource),
                PayerPseudonyms.openOrCreate(dir.resolve("payer-hash.key")));
        Payer payer = new Payer("张伟", "RESIDENT_ID", "11010519491231002X");
        DuplicateIndex.BillPrint first = print(index, "H1:B1", payer, "2026-03-15T09:00:00+08:00");
        DuplicateIndex.BillPrint second = print(index, "H2:B7", payer, "2026-03-15T10:00:00+08:00");
        DuplicateIndex.BillPrint third = print(index, "H3:B9", payer, "2026-03-15T11:00:00+08:00");

        assertThat(index.claim(first, Duration.ofHours(72))).isEmpty();
        // The first is being decided: the second must wait for its verdict rather than miss it.
        assertThatThrownBy(() -> index.claim(second, Duration.ofHours(72)))
                .isInstanceOf(DuplicateCheckBusy.class)
                .hasMessageContaining("H1:B1");
        // Asking again for the first (a retry after a crash) is no conflict with itself.
        assertThat(index.claim(first, Duration.ofHours(72))).isEmpty();
        index.remember(first, "ACCEPTED");
        assertThat(index.claim(second, Duration.ofHours(72))).containsExactly("H1:B1");
        index.remember(second, "REJECTED");
        // Outside the window, or rejected, a bill is no earlier duplicate.
        assertThat(index.claim(third, Duration.ofMinutes(90))).isEmpty();
        assertThat(jdbc.queryForList("select outcome from bill_print order by bill_key", String.class))
                .containsExactly("ACCEPTED", "REJECTED", "DECIDING");
    }

    private static DuplicateIndex.BillPrint print(DuplicateIndex index, String billKey, Payer payer, String issuedAt) {
        String[] key = billKey.split(":");
        Bill bill = new Bill(
                "BC01",
                key[1],
                key[0],
                "Hospital",
                issuedAt,
                payer,
                List.of(CONSULTATION, AMOXICILLIN),
                3500,
                null,
                null,
                null);
        return index.printOf(billKey, bill);
    }

    @Test
    void payerPseudonymsAreKeyedAndStable(@TempDir Path dir) throws Exception {
        Payer payer = new Payer("张伟", "RESIDENT_ID", "11010519491231002X");
        PayerPseudonyms first = PayerPseudonyms.openOrCreate(dir.resolve("a/payer-hash.key"));
        PayerPseudonyms again = PayerPseudonyms.openOrCreate(dir.resolve("a/payer-hash.key"));
        PayerPseudonyms otherKey = PayerPseudonyms.openOrCreate(dir.resolve("b/payer-hash.key"));

        assertThat(first.of(payer))
                .hasSize(64)
                .isEqualTo(again.of(payer))
                .isNotEqualTo(otherKey.of(payer))
                .doesNotContain("11010519491231002X");
        assertThat(first.of(new Payer("张伟", "PASSPORT", "11010519491231002X"))).isNotEqualTo(first.of(payer));
        assertThat(first.of(new Payer("Zhang Wei", "RESIDENT_ID", "11010519491231002X")))
                .isEqualTo(first.of(payer));
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("a/payer-hash.key")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
