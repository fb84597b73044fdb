package io.fapiao.bench.lifecycle;

import io.fapiao.bench.ledger.BenchInterrupted;
import io.fapiao.bench.ledger.CryptoCeiling;
import io.fapiao.bench.ledger.CryptoCeiling.Rates;
import io.fapiao.bench.ledger.CryptoCeiling.Step;
import io.fapiao.bench.ledger.TransactionShape;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.ContentKey;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.crypto.WrappedKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The crypto-bound ceiling of one full lifecycle (a bill sealed and submitted by the his-adapter,
 * verified and recorded by the finance-verifier, issued by the issuer-api): every signature,
 * verification and key agreement it takes across all parties, counted from the code paths (listed in
 * docs/benchmarks.md), each primitive timed on this JVM with every core busy, and
 * {@code ceiling = cores × 10⁶ ÷ Σ(count × core-µs)} lifecycles per second — the rate at which this
 * machine could do nothing but that crypto. The three ledger transactions reuse the count of
 * {@link CryptoCeiling#transactionSteps} over the sizes read back from committed transactions of the
 * same run. Symmetric work (AES-GCM of the bill, TLS records) and digests are not counted.
 *
 * <pre>{@code
 * LifecycleCeiling ceiling = LifecycleCeiling.measure(parties, shapes, timer);
 * double bound = ceiling.lifecyclesPerSecond();
 * }</pre>
 */
public final class LifecycleCeiling {
    static final String SEAL_SIGN = "protocol sign: CryptoSuite.INTL ECDSA P-256 over the 32-byte digest (Signer)";
    static final String SEAL_VERIFY = "protocol verify: CryptoSuite.INTL ECDSA P-256 (BouncyCastle)";
    static final String WRAP = "key wrap: ephemeral P-256 ECDH + KDF + AES key wrap (ContentKey.wrapFor)";
    static final String UNWRAP = "key unwrap: P-256 ECDH + KDF + AES key unwrap (RecipientKey.unwrap)";

    private final int cores;
    private final List<Step> steps;

    private LifecycleCeiling(int cores, List<Step> steps) {
        this.cores = cores;
        this.steps = List.copyOf(steps);
    }

    /** A ceiling from steps already counted and timed (the block signature's share must be set). */
    public static LifecycleCeiling of(int cores, List<Step> steps) {
        if (steps.stream().anyMatch(s -> Double.isNaN(s.perTransaction()) || !(s.opsPerSecond() > 0))) {
            throw new IllegalArgumentException("every step needs a count and a positive rate");
        }
        return new LifecycleCeiling(cores, steps);
    }

    /**
     * The identities whose keys do the work: the his-adapter's ({@code hospital1}), the bureau's
     * ({@code verifier1}), the issuer's ({@code issuer1}) and the node's peer (which also signs blocks).
     */
    public record Parties(Identity hospital, Identity verifier, Identity issuer, SigningIdentity peer) {}

    /**
     * Sizes of the three transactions, read back from committed ones of this run, and the average
     * number of transactions per block they were cut in (the block signature is shared by them).
     */
    public record Shapes(TransactionShape submit, TransactionShape verify, TransactionShape issue,
            double transactionsPerBlock) {}

    /** Counts and times every step of one lifecycle. */
    public static LifecycleCeiling measure(Parties parties, Shapes shapes, Rates timer)
            throws BenchInterrupted, ProtocolException {
        Member peerMember = new Member(parties.peer().mspId(), parties.peer().certificate(), Set.of("peer"));
        Signer hospitalSigner = parties.hospital().signer();
        PublicKey hospitalKey = parties.hospital().certificate().getPublicKey();
        ContentKey contentKey = ContentKey.generate(CryptoSuite.INTL);
        WrappedKey wrapped = contentKey.wrapFor(parties.verifier().certificate());
        RecipientKey verifierKey = parties.verifier().recipientKey();
        byte[] anyDigest = CryptoSuite.INTL.digest(new byte[] {1, 2, 3});
        byte[] hospitalSignature = hospitalSigner.sign(anyDigest);
        CryptoCeiling.Primitive verifyOpening = message -> () -> {
            if (!CryptoSuite.INTL.verify(hospitalKey, anyDigest, hospitalSignature)) {
                throw new IllegalStateException("a valid signature did not verify");
            }
        };
        CryptoCeiling.Primitive unwrap = message -> () -> {
            try {
                verifierKey.unwrap(wrapped);
            } catch (ProtocolException e) {
                throw new IllegalStateException("a wrapped key did not unwrap", e);
            }
        };
        // An evaluate (GetBill, GetHistory) is a proposal the client signs, the node verifies and the
        // peer answers with a signed response, as an endorsement; no block, no commit status.
        int queryBytes = shapes.submit().statusBytes();
        int storedBillBytes = shapes.submit().endorsementBytes();

        List<Step> steps = new ArrayList<>();
        // his-adapter: seal (BillSealer: one signature, one wrap per recipient), then SubmitBill.
        steps.add(timer.signing("his-adapter seals: signs the bill's header digest", SEAL_SIGN, 32, 1,
                hospitalSigner::sign));
        steps.add(timer.step("his-adapter seals: wraps the content key for the bureau and the issuer", WRAP, 32, 2,
                message -> () -> contentKey.wrapFor(parties.issuer().certificate())));
        steps.addAll(CryptoCeiling.transactionSteps(timer, parties.hospital(), parties.peer(), shapes.submit(),
                "SubmitBill: ", "chaincode verifies the sealed bill's signature"));
        // finance-verifier: GetBill, the submitter's history (qualification at the issue time), open, verdict.
        steps.addAll(evaluate(timer, "verifier GetBill: ", parties.verifier(), parties.peer(), peerMember, queryBytes,
                storedBillBytes));
        steps.addAll(evaluate(timer, "verifier GetHistory(submitter): ", parties.verifier(), parties.peer(), peerMember,
                queryBytes, queryBytes));
        steps.add(timer.step("verifier opens: CA signature over the signer certificate + signer over the header",
                SEAL_VERIFY, 32, 2, verifyOpening));
        steps.add(timer.step("verifier opens: unwraps the content key", UNWRAP, 32, 1, unwrap));
        Signer verifierSigner = parties.verifier().signer();
        steps.add(timer.signing("verifier signs the verdict statement", SEAL_SIGN, 32, 1, verifierSigner::sign));
        steps.addAll(CryptoCeiling.transactionSteps(timer, parties.verifier(), parties.peer(), shapes.verify(),
                "RecordVerification: ", "chaincode verifies the verdict signature"));
        // issuer-api: GetBill, open, sign the invoice document and the issuance statement, IssueInvoice.
        steps.addAll(evaluate(timer, "issuer GetBill: ", parties.issuer(), parties.peer(), peerMember, queryBytes,
                storedBillBytes));
        steps.add(timer.step("issuer opens: CA signature over the signer certificate + signer over the header",
                SEAL_VERIFY, 32, 2, verifyOpening));
        steps.add(timer.step("issuer opens: unwraps the content key", UNWRAP, 32, 1, unwrap));
        Signer issuerSigner = parties.issuer().signer();
        steps.add(timer.signing("issuer signs the invoice document and the issuance statement", SEAL_SIGN, 32, 2,
                issuerSigner::sign));
        steps.addAll(CryptoCeiling.transactionSteps(timer, parties.issuer(), parties.peer(), shapes.issue(),
                "IssueInvoice: ", "chaincode verifies the issuance signature"));
        double perBlock = Math.max(1, shapes.transactionsPerBlock());
        return new LifecycleCeiling(timer.cores(), steps.stream().map(s -> Double.isNaN(s.perTransaction())
                ? new Step(s.what(), s.primitive(), s.messageBytes(), 1 / perBlock, s.opsPerSecond()) : s).toList());
    }

    private static List<Step> evaluate(Rates timer, String label, Identity client, SigningIdentity peer,
            Member peerMember, int proposalBytes, int responseBytes) throws BenchInterrupted {
        String clientSign = "client sign: fabric-gateway SHA-256 + NONEwithECDSA P-256";
        String nodeVerify = "node verify: JDK SHA-256 + BouncyCastle NONEwithECDSA P-256 + low-S (Member.verifies)";
        String nodeSign = "node sign: JDK SHA256withECDSA P-256 + low-S (SigningIdentity.sign)";
        return List.of(
                timer.signing(label + "client signs the proposal", clientSign, proposalBytes, 1,
                        message -> CryptoCeiling.clientSign(client, message)),
                timer.step(label + "node verifies the proposal", nodeVerify, proposalBytes, 1,
                        CryptoCeiling.nodeVerify(peer, peerMember)),
                timer.signing(label + "peer signs the response", nodeSign, responseBytes, 1, peer::sign));
    }

    public int cores() {
        return cores;
    }

    public List<Step> steps() {
        return steps;
    }

    /** Operations per lifecycle (block signature shares included). */
    public double operationsPerLifecycle() {
        return steps.stream().mapToDouble(Step::perTransaction).sum();
    }

    /** CPU time of one lifecycle's crypto, in core-microseconds. */
    public double coreMicrosPerLifecycle() {
        return steps.stream().mapToDouble(s -> s.perTransaction() * cores * 1e6 / s.opsPerSecond()).sum();
    }

    /** Lifecycles per second if the machine did nothing but this crypto. */
    public double lifecyclesPerSecond() {
        return cores * 1e6 / coreMicrosPerLifecycle();
    }
}
