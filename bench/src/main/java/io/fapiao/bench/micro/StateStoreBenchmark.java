package io.fapiao.bench.micro;

import com.google.protobuf.ByteString;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.ledger.state.BlockUpdate;
import io.fapiao.ledger.state.Height;
import io.fapiao.ledger.state.Scan;
import io.fapiao.ledger.state.StateStore;
import io.fapiao.ledger.state.StateView;
import io.fapiao.ledger.state.TxLocation;
import io.fapiao.ledger.state.VersionedValue;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.seal.BillSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.ledger.queryresult.KeyModification;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded node's RocksDB {@link StateStore} under the contract's key layout, holding
 * {@code bills} submitted bills (each as SubmitBill writes it: the bill record, the canonical sealed
 * bill of a real sample bill sealed for two recipients, and the ListBills index entry, plus the key
 * history and the tx index): a point read of a bill (latest, as MVCC validation reads; and through a
 * snapshot, as a simulation reads), a range scan of 100 index entries (a ListBills page), and one
 * block's batch write of 40 SubmitBills (as {@code ChannelLedger.commit} applies a block; not fsynced, as in
 * the node). Only the store is timed: keys are drawn and formatted, and blocks built (protobuf
 * history entries included), before each measured call.
 *
 * <pre>{@code
 * ./fapiao bench micro StateStore
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class StateStoreBenchmark {
    static final String NAMESPACE = "fapiao";
    static final int TX_PER_BLOCK = 40;
    /** Random keys drawn in advance and used in turn: more than the caches in front of RocksDB's blocks hold. */
    static final int KEY_POOL = 1 << 16;

    @Param({"100000"})
    public int bills;

    private Path dir;
    private StateStore state;
    private List<String> usccs;
    private byte[] sealedBill;
    private byte[] billRecord;
    private long nextBlock;
    private long nextBill;
    /** Keys and blocks are made before they are timed: formatting and protobuf building are not the store. */
    private String[] billKeys;

    private String[][] scanBounds;
    private int nextKey;
    private BlockUpdate pending;

    @Setup(Level.Trial)
    public void setUp() throws IOException, ProtocolException {
        dir = Files.createTempDirectory("fapiao-state-bench");
        state = StateStore.open(dir.resolve("state"));
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant until = Instant.parse("2050-01-01T00:00:00Z");
        CertificateAuthority ca = CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca", from, until);
        Identity hospital = ca.issue(IdentityProfile.named("his").validBetween(from, until));
        Identity finance = ca.issue(IdentityProfile.named("finance").validBetween(from, until));
        Identity issuer = ca.issue(IdentityProfile.named("issuer").validBetween(from, until));
        usccs = List.of(SampleBills.uscc(1), SampleBills.uscc(5), SampleBills.uscc(6), SampleBills.uscc(2));
        sealedBill = BillSealer.seal(
                        SampleBills.outpatient(1, usccs.get(0)),
                        hospital.signer(),
                        List.of(finance.certificate(), issuer.certificate()))
                .toJson();
        // A bill record of the contract's shape and size (docs/chaincode.md, SubmitBill's result).
        billRecord = ("{\"billCode\":\"11060124\",\"billId\":\"MZ0000000001\",\"billKey\":\"" + usccs.get(0)
                        + ":MZ0000000001\",\"headerDigest\":\"" + "a".repeat(43)
                        + "\",\"issuedAt\":\"2026-11-21T09:30:00+08:00\","
                        + "\"recipients\":[\"" + "b".repeat(43) + "\",\"" + "c".repeat(43)
                        + "\"],\"sealedBillDigest\":\""
                        + "d".repeat(43) + "\",\"signerFingerprint\":\"" + "e".repeat(43)
                        + "\",\"state\":\"SUBMITTED\","
                        + "\"submitted\":{\"at\":\"2026-11-21T09:30:01Z\",\"mspId\":\"HospitalOrgMSP\",\"txId\":\""
                        + "f".repeat(64)
                        + "\"},\"suite\":\"INTL\",\"uscc\":\"" + usccs.get(0)
                        + "\",\"written\":{\"at\":\"2026-11-21T09:30:01Z\","
                        + "\"fingerprint\":\"" + "g".repeat(43) + "\",\"mspId\":\"HospitalOrgMSP\",\"txId\":\""
                        + "f".repeat(64)
                        + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        for (long b = 0; b < bills; b += TX_PER_BLOCK) {
            state.apply(block(Math.min(TX_PER_BLOCK, (int) (bills - b))));
        }
        SplittableRandom random = new SplittableRandom(42);
        billKeys = new String[KEY_POOL];
        scanBounds = new String[KEY_POOL][];
        for (int i = 0; i < KEY_POOL; i++) {
            long bill = random.nextLong(bills);
            billKeys[i] = Keys.bill(usccs.get((int) (bill % usccs.size())), "MZ" + String.format("%010d", bill));
            String uscc = usccs.get(random.nextInt(usccs.size()));
            String start = Keys.billIndex("SUBMITTED", uscc, "MZ" + String.format("%010d", random.nextLong(bills)));
            String prefix = Keys.of("fapiao.billindex", "SUBMITTED", uscc); // ends in U+0000
            scanBounds[i] = new String[] {start, prefix.substring(0, prefix.length() - 1) + "\u0001"};
        }
    }

    /** The next block for {@link #applyBlock}, built outside the timed call. */
    @Setup(Level.Invocation)
    public void nextBlock() {
        pending = block(TX_PER_BLOCK);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        state.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A block of {@code count} new SubmitBills: three writes each, with history, and the tx index. */
    private BlockUpdate block(int count) {
        long number = ++nextBlock;
        BlockUpdate update = new BlockUpdate(number);
        for (int tx = 0; tx < count; tx++) {
            long bill = nextBill++;
            String uscc = usccs.get((int) (bill % usccs.size()));
            String billId = "MZ" + String.format("%010d", bill);
            String txId = String.format("%064x", bill);
            Height height = new Height(number, tx);
            put(update, Keys.bill(uscc, billId), billRecord, height, txId);
            put(update, Keys.sealedBill(uscc, billId), sealedBill, height, txId);
            put(
                    update,
                    Keys.billIndex("SUBMITTED", uscc, billId),
                    ("{\"billKey\":\"" + uscc + ":" + billId + "\"}").getBytes(StandardCharsets.UTF_8),
                    height,
                    txId);
            update.index(txId, new TxLocation(number, tx, TxValidationCode.VALID));
        }
        return update;
    }

    private static void put(BlockUpdate update, String key, byte[] value, Height height, String txId) {
        update.put(
                NAMESPACE,
                key,
                value,
                height,
                KeyModification.newBuilder()
                        .setTxId(txId)
                        .setValue(ByteString.copyFrom(value))
                        .build());
    }

    private String randomBillKey() {
        return billKeys[nextKey++ & (KEY_POOL - 1)];
    }

    /** The latest value of one bill record, outside any snapshot (MVCC validation's read). */
    @Benchmark
    public Optional<VersionedValue> pointRead() {
        Optional<VersionedValue> value = state.get(NAMESPACE, randomBillKey());
        if (value.isEmpty()) {
            throw new IllegalStateException("a stored bill is missing");
        }
        return value;
    }

    /** One bill record through a fresh snapshot (a simulation's GetState, snapshot included). */
    @Benchmark
    public Optional<VersionedValue> snapshotRead() {
        try (StateView view = state.snapshot()) {
            return view.get(NAMESPACE, randomBillKey());
        }
    }

    /** 100 entries of the ListBills index from a random point (a page of ListBills). */
    @Benchmark
    public int rangeScan100() {
        String[] bounds = scanBounds[nextKey++ & (KEY_POOL - 1)];
        int read = 0;
        try (StateView view = state.snapshot();
                Scan<Map.Entry<String, VersionedValue>> scan = view.range(NAMESPACE, bounds[0], bounds[1])) {
            while (read < 100 && scan.hasNext()) {
                scan.next();
                read++;
            }
        }
        return read;
    }

    /** One block of 40 new SubmitBills written in one batch (120 state writes, 120 history entries, 40 tx ids). */
    @Benchmark
    public long applyBlock() throws IOException {
        state.apply(pending);
        return nextBlock;
    }
}
