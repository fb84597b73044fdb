package io.fapiao.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the store while views, scans and history iterators are still open: their native handles
 * are released by the close, later use fails with {@link StateStoreClosed} instead of reaching
 * RocksDB, and their owners' own close is harmless.
 */
class StateStoreCloseTest {

    @TempDir
    Path dir;

    @Test
    void openCursorsAreReleasedByCloseAndFailCleanlyAfterIt() throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"));
        BlockUpdate update = new BlockUpdate(0);
        for (int i = 0; i < 3; i++) {
            update.put(
                    "ns",
                    "k" + i,
                    ("v" + i).getBytes(),
                    new Height(0, i),
                    KeyModification.newBuilder()
                            .setTxId("tx" + i)
                            .setValue(ByteString.copyFromUtf8("v" + i))
                            .build());
        }
        update.index("tx0", new TxLocation(0, 0, TxValidationCode.VALID));
        store.apply(update);

        StateView view = store.snapshot();
        Scan<Map.Entry<String, VersionedValue>> scan = view.range("ns", "", "");
        assertThat(scan.next().getKey()).isEqualTo("k0");
        Iterator<KeyModification> history = view.history("ns", "k1");
        Scan<Map.Entry<String, VersionedValue>> everything = store.everything();
        assertThat(everything.hasNext()).isTrue();

        store.close();

        assertThat(store.isClosed()).isTrue();
        assertThatThrownBy(scan::next).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(history::hasNext).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(everything::next).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(() -> view.get("ns", "k0")).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(() -> view.transaction("tx0")).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(() -> store.get("ns", "k0")).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(store::snapshot).isInstanceOf(StateStoreClosed.class);
        assertThatThrownBy(() -> store.apply(new BlockUpdate(1))).isInstanceOf(StateStoreClosed.class);
        scan.close();
        everything.close();
        view.close();
        store.close();

        try (StateStore reopened = StateStore.open(dir.resolve("state"))) {
            assertThat(reopened.savepoint()).isZero();
            assertThat(reopened.get("ns", "k2")).map(v -> new String(v.value())).hasValue("v2");
        }
    }
}
