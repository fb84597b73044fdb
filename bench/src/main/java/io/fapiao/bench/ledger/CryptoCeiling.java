package io.fapiao.bench.ledger;

import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * The machine's signature ceiling for SubmitBill: every signature made and verified for one committed
 * transaction (client and node share the machine), each primitive's rate measured on this JVM with
 * all cores over a message of the real size, and the rate at which the machine could do nothing but
 * that crypto: {@code ceiling = 1 / Σ(count_i / rate_i)}, which equals {@code cores / Σ(count_i ×
 * core-seconds_i)} because each rate is measured with every core busy.
 *
 * <pre>{@code
 * CryptoCeiling ceiling = CryptoCeiling.measure(network, shape, Duration.ofSeconds(1));
 * double bound = ceiling.transactionsPerSecond(run.transactionsPerBlock());
 * }</pre>
 */
public final class CryptoCeiling {

    /**
     * One line of the count: what is signed or verified, by which implementation, over how many
     * bytes, how often per committed transaction, and the primitive's measured rate (all cores).
     */
    public record Step(String what, String primitive, int messageBytes, double perTransaction, double opsPerSecond) {}

    static final String CLIENT_SIGN = "client sign: fabric-gateway SHA-256 + NONEwithECDSA P-256";
    static final String NODE_VERIFY =
            "node verify: JDK SHA-256 + BouncyCastle NONEwithECDSA P-256 + low-S (Member.verifies)";
    static final String NODE_SIGN = "node sign: JDK SHA256withECDSA P-256 + low-S (SigningIdentity.sign)";
    static final String CHAINCODE_VERIFY = "chaincode verify: BouncyCastle SHA256withECDSA (CryptoSuite.INTL)";
    static final String BLOCK_SIGNATURE = "orderer signs the block (per block)";

    private final int cores;
    private final List<Step> steps;

    private CryptoCeiling(int cores, List<Step> steps) {
        this.cores = cores;
        this.steps = List.copyOf(steps);
    }

    /**
     * Counts the signature work of one committed transaction of {@code shape} on the embedded node,
     * submitted by {@code client} and endorsed, ordered and validated by a node whose identity is
     * {@code peer}, and times each primitive for {@code perPrimitive} with one thread per core.
     * {@code contractVerification} names the signature the contract verifies (SubmitBill: the sealed
     * bill's), or is null when it verifies none (the put-state floor).
     */
    public static CryptoCeiling measure(
            Identity client,
            SigningIdentity peer,
            TransactionShape shape,
            Duration perPrimitive,
            String contractVerification)
            throws BenchInterrupted {
        Rates timer = Rates.onAllCores(perPrimitive);
        return new CryptoCeiling(timer.cores(), transactionSteps(timer, client, peer, shape, "", contractVerification));
    }

    /**
     * The signature steps of one committed transaction of {@code shape}, submitted by {@code client} and
     * endorsed, ordered and validated by a node whose peer (and orderer) identity is {@code peer}, each
     * timed by {@code timer} (rates already timed are reused). {@code label} prefixes each step's
     * description; {@code contractVerification}, when not null, names the signature the contract verifies
     * in the arguments (SubmitBill: the sealed bill's; RecordVerification and IssueInvoice: the
     * statement's), a P-256 signature over a 32-byte digest.
     * The block signature's count is NaN, as in {@link #steps()}.
     */
    public static List<Step> transactionSteps(
            Rates timer,
            Identity client,
            SigningIdentity peer,
            TransactionShape shape,
            String label,
            String contractVerification)
            throws BenchInterrupted {
        Member peerMember = new Member(peer.mspId(), peer.certificate(), Set.of("peer"));
        List<Step> steps = new ArrayList<>();
        // In the order the transaction meets them. Creator certificates are checked against their CA once
        // per serialized identity and then served from MspMembership's cache (4096 entries): with at most
        // 64 bench identities that happens during the warm-up, so the chain checks count 0 per transaction.
        steps.add(timer.signing(
                label + "client signs the proposal",
                CLIENT_SIGN,
                shape.proposalBytes(),
                1,
                message -> clientSign(client, message)));
        steps.add(timer.step(
                label + "node verifies the proposal signature (Endorse)",
                NODE_VERIFY,
                shape.proposalBytes(),
                1,
                nodeVerify(peer, peerMember)));
        if (contractVerification != null) {
            steps.add(timer.step(label + contractVerification, CHAINCODE_VERIFY, 32, 1, chaincodeVerify(client)));
        }
        steps.add(timer.signing(
                label + "peer signs the endorsement", NODE_SIGN, shape.endorsementBytes(), 1, peer::sign));
        steps.add(timer.signing(
                label + "client signs the envelope",
                CLIENT_SIGN,
                shape.envelopeBytes(),
                1,
                message -> clientSign(client, message)));
        steps.add(timer.step(
                label + "node verifies the envelope (Submit, broadcast Writers check)",
                NODE_VERIFY,
                shape.envelopeBytes(),
                1,
                nodeVerify(peer, peerMember)));
        steps.add(timer.step(
                label + "node verifies the envelope again (validation)",
                NODE_VERIFY,
                shape.envelopeBytes(),
                1,
                nodeVerify(peer, peerMember)));
        steps.add(timer.step(
                label + "node verifies the endorsement (validation)",
                NODE_VERIFY,
                shape.endorsementBytes(),
                1,
                nodeVerify(peer, peerMember)));
        steps.add(timer.signing(label + BLOCK_SIGNATURE, NODE_SIGN, shape.blockSignedBytes(), Double.NaN, peer::sign));
        steps.add(timer.signing(
                label + "client signs the commit-status request",
                CLIENT_SIGN,
                shape.statusBytes(),
                1,
                message -> clientSign(client, message)));
        steps.add(timer.step(
                label + "node verifies the commit-status request",
                NODE_VERIFY,
                shape.statusBytes(),
                1,
                nodeVerify(peer, peerMember)));
        return steps;
    }

    public int cores() {
        return cores;
    }

    /** The steps; the block signature's count is NaN until a run gives the transactions per block. */
    public List<Step> steps() {
        return steps;
    }

    /** The steps with the block signature counted once per {@code transactionsPerBlock} transactions. */
    public List<Step> steps(double transactionsPerBlock) {
        return steps.stream()
                .map(s -> s.what().endsWith(BLOCK_SIGNATURE)
                        ? new Step(
                                s.what(),
                                s.primitive(),
                                s.messageBytes(),
                                1 / Math.max(1, transactionsPerBlock),
                                s.opsPerSecond())
                        : s)
                .toList();
    }

    /** CPU time of all of one transaction's crypto, in core-microseconds. */
    public double coreMicrosPerTransaction(double transactionsPerBlock) {
        return steps(transactionsPerBlock).stream()
                .mapToDouble(s -> s.perTransaction() * cores * 1e6 / s.opsPerSecond())
                .sum();
    }

    /** Committed transactions per second if the machine did nothing but this crypto. */
    public double transactionsPerSecond(double transactionsPerBlock) {
        return cores * 1e6 / coreMicrosPerTransaction(transactionsPerBlock);
    }

    /** A fabric-gateway client signature (SHA-256, then NONEwithECDSA P-256), as every client and service makes. */
    public static byte[] clientSign(Identity client, byte[] message) {
        try {
            return Signers.newPrivateKeySigner((ECPrivateKey) client.privateKey())
                    .sign(Hash.SHA256.apply(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the client key cannot sign", e);
        }
    }

    /** A verification of a real peer signature over a message of the size given. */
    public static Primitive nodeVerify(SigningIdentity peer, Member member) {
        return new Primitive() {
            @Override
            public Runnable prepare(byte[] message) {
                byte[] signature = peer.sign(message);
                return () -> {
                    if (!member.verifies(message, signature)) {
                        throw new IllegalStateException("a valid signature did not verify");
                    }
                };
            }
        };
    }

    /** The contract's verification of a signature made by {@code client}'s key over a 32-byte digest. */
    public static Primitive chaincodeVerify(Identity client) {
        return new Primitive() {
            @Override
            public Runnable prepare(byte[] message) {
                byte[] signature;
                try {
                    signature = client.signer().sign(message);
                } catch (io.fapiao.protocol.ProtocolException e) {
                    throw new IllegalStateException("the client key cannot seal", e);
                }
                PublicKey key = client.certificate().getPublicKey();
                return () -> {
                    if (!CryptoSuite.INTL.verify(key, message, signature)) {
                        throw new IllegalStateException("a valid signature did not verify");
                    }
                };
            }
        };
    }

    /** An operation over a message; signing ones need no preparation, verifying ones need a signature. */
    public interface Primitive {
        Runnable prepare(byte[] message);
    }

    /**
     * Times primitives on every core, once per (primitive, size): the rates of one run are shared by
     * every step that uses the same primitive over the same message size.
     *
     * <pre>{@code
     * Rates timer = Rates.onAllCores(Duration.ofSeconds(1));
     * Step sign = timer.signing("hospital seals", "sign", 32, 1, signer::sign);
     * }</pre>
     */
    public record Rates(int cores, Duration duration, Map<String, Double> cache) {

        /** A timer using every core, {@code duration} per primitive (plus a fifth to warm up). */
        public static Rates onAllCores(Duration duration) {
            return new Rates(Runtime.getRuntime().availableProcessors(), duration, new LinkedHashMap<>());
        }

        public Step signing(
                String what,
                String primitive,
                int bytes,
                double perTx,
                java.util.function.Function<byte[], byte[]> sign)
                throws BenchInterrupted {
            Primitive op = message -> () -> sign.apply(message);
            return step(what, primitive, bytes, perTx, op);
        }

        public Step step(String what, String primitive, int bytes, double perTx, Primitive op) throws BenchInterrupted {
            String key = primitive + "@" + bytes;
            Double rate = cache.get(key);
            if (rate == null) {
                byte[] message = new byte[bytes];
                new Random(bytes).nextBytes(message);
                rate = opsPerSecond(op.prepare(message));
                cache.put(key, rate);
            }
            return new Step(what, primitive, bytes, perTx, rate);
        }

        /**
         * Runs {@code op} on every core: a fifth of the time to warm up (and at least one operation per
         * thread, so class loading and the first compilation are not timed), then counts for the
         * duration and, on a machine too busy to finish one in that time, until one is finished.
         */
        private double opsPerSecond(Runnable op) throws BenchInterrupted {
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder ops = new LongAdder();
            CountDownLatch warm = new CountDownLatch(cores);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < cores; i++) {
                threads.add(Thread.ofPlatform().name("ceiling-" + i).start(() -> {
                    boolean first = true;
                    try {
                        while (!stop.get()) {
                            op.run();
                            if (first) {
                                warm.countDown();
                                first = false;
                            }
                            if (counting.get()) {
                                ops.increment();
                            }
                        }
                    } finally {
                        if (first) {
                            warm.countDown(); // a primitive that throws must not hold the timer forever
                        }
                    }
                }));
            }
            try {
                Thread.sleep(duration.dividedBy(5));
                warm.await();
                long start = System.nanoTime();
                counting.set(true);
                Thread.sleep(duration);
                while (ops.sum() == 0 && threads.stream().anyMatch(Thread::isAlive)) {
                    Thread.sleep(10);
                }
                counting.set(false);
                long elapsed = System.nanoTime() - start;
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
                return ops.sum() * 1e9 / elapsed;
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                throw new BenchInterrupted("timing a signature primitive");
            }
        }
    }
}
