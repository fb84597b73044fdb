package io.fapiao.proof;

import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.ConfigChain;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link ProofBundle} offline, each check named in the {@link ProofReport}: the bundle's
 * canonical form; that its CA certificates are the channel configuration's; the chain of
 * configuration blocks from the genesis block on; each block's data hash, the hash chain between
 * consecutive included blocks, and its orderer signatures under the configuration in force for it
 * (one orderer's signature, or a quorum of distinct SmartBFT consenters on a BFT channel);
 * for each step, that its transaction is in its block and marked VALID, the creator's signature and
 * certificate chain, the endorsements, and that the write set holds exactly the record the step
 * claims; the sealed bill's header digest and signature; the verdict, issuance, reversal and anchor
 * statements' signatures; and included documents' hashes. Nothing here opens a connection.
 *
 * <p>Each family of checks is its own class, given what the families before it established:
 * {@link BundleReading}, {@link ChannelConfiguration}, {@link TrustPinning}, {@link BlockChecks} (with
 * {@link OneOrdererSignature} or {@link ConsenterQuorum}), {@link SealedBillChecks}, {@link StepChecks}
 * (with {@link TransactionChecks} and {@link StepRecordChecks}) and {@link DocumentChecks}; this class
 * runs them in that order and collects their {@link Checks} into the report.
 *
 * <pre>{@code
 * ProofReport report = ProofVerifier.pinned(List.of(financeCa, hospitalCa, issuerCa)).verify(json);
 * report.checks().forEach(System.out::println);
 * }</pre>
 */
public final class ProofVerifier {

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    private final Set<String> pinned;

    private ProofVerifier(Set<String> pinned) {
        this.pinned = pinned;
    }

    /** A verifier that takes the bundle's CA certificates as given and reports their fingerprints. */
    public static ProofVerifier unpinned() {
        return new ProofVerifier(null);
    }

    /** A verifier that fails unless every CA certificate of the bundle is one of {@code trusted}. */
    public static ProofVerifier pinned(Collection<X509Certificate> trusted) {
        Set<String> fingerprints = new HashSet<>();
        trusted.forEach(certificate -> fingerprints.add(sha256(certificate)));
        return new ProofVerifier(Set.copyOf(fingerprints));
    }

    /** Checks a bundle's bytes; never throws: whatever is wrong is a FAIL check. */
    public ProofReport verify(byte[] json) {
        Checks checks = new Checks();
        try {
            verify(json, checks);
        } catch (RuntimeException e) {
            // Guard rail only: every expected failure is a named check before this point.
            checks.fail("verifier", "stopped at an unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return checks.report();
    }

    /**
     * The check families in order: the bundle document, the channel configuration, trust pinning, the
     * blocks, the sealed bill, the steps, the documents. Each family's inputs are what the ones before it
     * established; the first three stop the verification when they fail, as nothing after rests on air.
     */
    private void verify(byte[] json, Checks checks) {
        Optional<BundleReading.Contents> read = new BundleReading(pinned).read(json, checks);
        if (read.isEmpty()) {
            return;
        }
        BundleReading.Contents contents = read.get();
        Optional<ConfigChain> configs = new ChannelConfiguration(contents).check(checks);
        if (configs.isEmpty()) {
            return;
        }
        ProofBundle bundle = contents.bundle();
        new TrustPinning(pinned != null, checks.anchors()).check(checks);
        BlockChecks.Governed governed = new BlockChecks(contents.blocks(), configs.get()).check(checks);
        SealedBillChecks.Facts sealed = new SealedBillChecks(bundle).check(checks);
        Map<String, String> documentHashes = new StepChecks(
                        bundle,
                        new TransactionChecks(bundle, contents.blocks(), governed),
                        new StepRecordChecks(bundle, sealed))
                .check(checks);
        checks.recordDocuments(documentHashes);
        new DocumentChecks(bundle.documents(), documentHashes).check(checks);
    }

    /** How a configuration orders blocks, for a report line. */
    static String consensus(ChannelConfig config) {
        return config.bft()
                ? "BFT, consenters " + config.consenters().ids() + ", quorum "
                        + config.consenters().quorum()
                : "consensus type '" + config.consensusType() + "', one orderer signs";
    }

    /** The contract function without a {@code contract:} prefix. */
    static String operation(String function) {
        if (function == null) {
            return "";
        }
        int colon = function.lastIndexOf(':');
        return colon < 0 ? function : function.substring(colon + 1);
    }

    /** SHA-256 of the DER, colon-separated upper-case hex. */
    public static String sha256(X509Certificate certificate) {
        try {
            return COLONS.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
