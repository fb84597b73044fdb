package io.fapiao.hisadapter.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bills at rest: encrypted, bound to their bill key, readable again only with the same data key. */
class BillVaultTest {
    @TempDir
    Path dir;

    @Test
    void aStoredBillOpensUnderItsKeyOnlyAndHidesItsContents() throws Exception {
        Path keyFile = dir.resolve("keys/bill-data.key");
        BillVault vault = BillVault.openOrCreate(keyFile);
        byte[] bill = "{\"payer\":{\"name\":\"张伟\"}}".getBytes(StandardCharsets.UTF_8);

        byte[] stored = vault.seal("A:1", bill);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("payer");
        assertThat(vault.seal("A:1", bill)).isNotEqualTo(stored); // a fresh nonce each time
        assertThat(BillVault.openOrCreate(keyFile).open("A:1", stored)).isEqualTo(bill);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");

        assertThatThrownBy(() -> vault.open("A:2", stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A:2")
                .message()
                .doesNotContain("张伟");
        byte[] flipped = stored.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.open("A:1", flipped)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                        () -> BillVault.openOrCreate(dir.resolve("other.key")).open("A:1", stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data-key-file");
    }
}
