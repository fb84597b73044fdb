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
    public record Shapes(
            TransactionShape submit, TransactionShape verify, TransactionShape issue, double transactionsPerBlock) {}

    /**
     * Counts and times every step of one lifecycle. {@code gmShare} is the share of bills sealed under
     * the GM suite (SM2): their envelope steps (seal, the contract's check of the seal, both openings,
     * the invoice document's signature) are counted with SM2 primitives, the others' with P-256; the
     * ledger identities and the statements they sign are P-256 whatever the bill's suite.
     */
    public static LifecycleCeiling measure(Parties parties, Shapes shapes, Rates timer, double gmShare)
            throws BenchInterrupted, ProtocolException {
        if (gmShare < 0 || gmShare > 1) {
            throw new IllegalArgumentException("the GM share is a fraction, not " + gmShare);
        }
        Member peerMember = new Member(parties.peer().mspId(), parties.peer().certificate(), Set.of("peer"));
        List<Envelopes> suites = new ArrayList<>();
        if (gmShare < 1) {
            suites.add(new Envelopes(
                    CryptoSuite.INTL, 1 - gmShare, parties.hospital(), parties.verifier(), parties.issuer()));
        }
        if (gmShare > 0) {
            suites.add(Envelopes.generatedGm(gmShare));
        }
        // An evaluate (GetBill, GetHistory) is a proposal the client signs, the node verifies and the
        // peer answers with a signed response, as an endorsement; no block, no commit status.
        int queryBytes = shapes.submit().statusBytes();
        int storedBillBytes = shapes.submit().endorsementBytes();

        List<Step> steps = new ArrayList<>();
        // his-adapter: seal (BillSealer: one signature, one wrap per recipient), then SubmitBill.
        for (Envelopes e : suites) {
            steps.add(timer.signing(
                    "his-adapter seals: signs the bill's header digest" + e.tag(),
                    e.primitive("sign"),
                    32,
                    e.share(),
                    e.sealer()::sign));
            steps.add(timer.step(
                    "his-adapter seals: wraps the content key for the bureau and the issuer" + e.tag(),
                    e.primitive("wrap"),
                    32,
                    2 * e.share(),
                    e.wrap()));
        }
        steps.addAll(CryptoCeiling.transactionSteps(
                timer, parties.hospital(), parties.peer(), shapes.submit(), "SubmitBill: ", null));
        for (Envelopes e : suites) {
            steps.add(timer.step(
                    "SubmitBill: chaincode verifies the sealed bill's signature" + e.tag(),
                    e.primitive("verify"),
                    32,
                    e.share(),
                    e.verify()));
        }
        // finance-verifier: GetBill, the submitter's history (qualification at the issue time), open, verdict.
        steps.addAll(evaluate(
                timer,
                "verifier GetBill: ",
                parties.verifier(),
                parties.peer(),
                peerMember,
                queryBytes,
                storedBillBytes));
        steps.addAll(evaluate(
                timer,
                "verifier GetHistory(submitter): ",
                parties.verifier(),
                parties.peer(),
                peerMember,
                queryBytes,
                queryBytes));
        for (Envelopes e : suites) {
            steps.add(timer.step(
                    "verifier opens: CA signature over the signer certificate + signer over the header" + e.tag(),
                    e.primitive("verify"),
                    32,
                    2 * e.share(),
                    e.verify()));
            steps.add(timer.step(
                    "verifier opens: unwraps the content key" + e.tag(),
                    e.primitive("unwrap"),
                    32,
                    e.share(),
                    e.unwrap()));
        }
        Signer verifierSigner = parties.verifier().signer();
        steps.add(timer.signing("verifier signs the verdict statement", SEAL_SIGN, 32, 1, verifierSigner::sign));
        steps.addAll(CryptoCeiling.transactionSteps(
                timer,
                parties.verifier(),
                parties.peer(),
                shapes.verify(),
                "RecordVerification: ",
                "chaincode verifies the verdict signature"));
        // issuer-api: GetBill, open, sign the invoice document (bill's suite) and the issuance statement, IssueInvoice.
        steps.addAll(evaluate(
                timer, "issuer GetBill: ", parties.issuer(), parties.peer(), peerMember, queryBytes, storedBillBytes));
        for (Envelopes e : suites) {
            steps.add(timer.step(
                    "issuer opens: CA signature over the signer certificate + signer over the header" + e.tag(),
                    e.primitive("verify"),
                    32,
                    2 * e.share(),
                    e.verify()));
            steps.add(timer.step(
                    "issuer opens: unwraps the content key" + e.tag(),
                    e.primitive("unwrap"),
                    32,
                    e.share(),
                    e.unwrap()));
            steps.add(timer.signing(
                    "issuer signs the invoice document" + e.tag(),
                    e.primitive("sign"),
                    32,
                    e.share(),
                    e.sealer()::sign));
        }
        Signer issuerSigner = parties.issuer().signer();
        steps.add(timer.signing("issuer signs the issuance statement", SEAL_SIGN, 32, 1, issuerSigner::sign));
        steps.addAll(CryptoCeiling.transactionSteps(
                timer,
                parties.issuer(),
                parties.peer(),
                shapes.issue(),
                "IssueInvoice: ",
                "chaincode verifies the issuance signature"));
        double perBlock = Math.max(1, shapes.transactionsPerBlock());
        return new LifecycleCeiling(
                timer.cores(),
                steps.stream()
                        .map(s -> Double.isNaN(s.perTransaction())
                                ? new Step(s.what(), s.primitive(), s.messageBytes(), 1 / perBlock, s.opsPerSecond())
                                : s)
                        .toList());
    }

    /**
     * The envelope's primitives under one suite, with the share of bills sealed under it: the hospital's
     * seal key, a content key wrapped for the bureau, the bureau's key to unwrap it, a seal to verify.
     */
    private record Envelopes(CryptoSuite suite, double share, Identity hospital, Identity verifier, Identity issuer) {

        /** SM2 identities made here (the development GM keys are SM2 too, so the costs are the same). */
        static Envelopes generatedGm(double share) throws ProtocolException {
            java.time.Instant from = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
            java.time.Instant until = from.plus(java.time.Duration.ofDays(3650));
            io.fapiao.protocol.crypto.CertificateAuthority ca =
                    io.fapiao.protocol.crypto.CertificateAuthority.create(CryptoSuite.GM, "BenchGm", "ca", from, until);
            return new Envelopes(
                    CryptoSuite.GM,
                    share,
                    ca.issue(io.fapiao.protocol.crypto.IdentityProfile.named("seal")
                            .validBetween(from, until)),
                    ca.issue(io.fapiao.protocol.crypto.IdentityProfile.named("finance")
                            .validBetween(from, until)),
                    ca.issue(io.fapiao.protocol.crypto.IdentityProfile.named("issuer")
                            .validBetween(from, until)));
        }

        String tag() {
            return " (" + suite
                    + (share < 1 ? String.format(java.util.Locale.ROOT, ", %.0f%% of bills", 100 * share) : "") + ")";
        }

        String primitive(String what) {
            boolean gm = suite == CryptoSuite.GM;
            return switch (what) {
                case "sign" -> gm ? "protocol sign: CryptoSuite.GM SM2 (Signer)" : SEAL_SIGN;
                case "verify" -> gm ? "protocol verify: CryptoSuite.GM SM2 (BouncyCastle)" : SEAL_VERIFY;
                case "wrap" -> gm ? "key wrap: SM2 key agreement (ContentKey.wrapFor, GM)" : WRAP;
                default -> gm ? "key unwrap: SM2 key agreement (RecipientKey.unwrap, GM)" : UNWRAP;
            };
        }

        Signer sealer() throws ProtocolException {
            return hospital.signer();
        }

        CryptoCeiling.Primitive wrap() {
            ContentKey key = ContentKey.generate(suite);
            return message -> () -> key.wrapFor(issuer.certificate());
        }

        CryptoCeiling.Primitive unwrap() throws ProtocolException {
            ContentKey key = ContentKey.generate(suite);
            WrappedKey wrapped = key.wrapFor(verifier.certificate());
            RecipientKey recipient = verifier.recipientKey();
            return message -> () -> {
                try {
                    recipient.unwrap(wrapped);
                } catch (ProtocolException e) {
                    throw new IllegalStateException("a wrapped key did not unwrap", e);
                }
            };
        }

        CryptoCeiling.Primitive verify() throws ProtocolException {
            byte[] digest = suite.digest(new byte[] {1, 2, 3});
            byte[] signature = hospital.signer().sign(digest);
            PublicKey key = hospital.certificate().getPublicKey();
            return message -> () -> {
                if (!suite.verify(key, digest, signature)) {
                    throw new IllegalStateException("a valid signature did not verify");
                }
            };
        }
    }

    private static List<Step> evaluate(
            Rates timer,
            String label,
            Identity client,
            SigningIdentity peer,
            Member peerMember,
            int proposalBytes,
            int responseBytes)
            throws BenchInterrupted {
        String clientSign = "client sign: fabric-gateway SHA-256 + NONEwithECDSA P-256";
        String nodeVerify = "node verify: JDK SHA-256 + BouncyCastle NONEwithECDSA P-256 + low-S (Member.verifies)";
        String nodeSign = "node sign: JDK SHA256withECDSA P-256 + low-S (SigningIdentity.sign)";
        return List.of(
                timer.signing(
                        label + "client signs the proposal",
                        clientSign,
                        proposalBytes,
                        1,
                        message -> CryptoCeiling.clientSign(client, message)),
                timer.step(
                        label + "node verifies the proposal",
                        nodeVerify,
                        proposalBytes,
                        1,
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
        return steps.stream()
                .mapToDouble(s -> s.perTransaction() * cores * 1e6 / s.opsPerSecond())
                .sum();
    }

    /** Lifecycles per second if the machine did nothing but this crypto. */
    public double lifecyclesPerSecond() {
        return cores * 1e6 / coreMicrosPerLifecycle();
    }
}
