package io.fapiao.hisadapter.submission;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyProperties;
import io.fapiao.service.identity.KeyUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seals bills the way the configuration says: INTL bills signed by the adapter's own ledger identity,
 * GM bills by the submitter's registered SM2 seal, both encrypted to the configured recipients (the
 * finance bureau and the issuer). Everything is loaded and checked at start-up, so a missing seal or a
 * recipient of the wrong suite stops the service rather than the first bill.
 *
 * <pre>{@code
 * BillSealing sealing = BillSealing.load(properties, keyMaterial);
 * SealedBill sealed = sealing.seal(CryptoSuite.GM, bill);
 * }</pre>
 */
public final class BillSealing {
    private final Signer intl;
    private final Map<String, Signer> gmSeals;
    private final Map<CryptoSuite, List<X509Certificate>> recipients;

    BillSealing(Signer intl, Map<String, Signer> gmSeals, Map<CryptoSuite, List<X509Certificate>> recipients) {
        this.intl = intl;
        this.gmSeals = Map.copyOf(gmSeals);
        this.recipients = Map.copyOf(recipients);
    }

    /**
     * Loads the signers and recipients the configured submitters need.
     *
     * @throws KeyUnavailable naming the property to fix when a key, seal or certificate is missing or
     *     of the wrong suite
     */
    public static BillSealing load(HisProperties properties, KeyMaterial identity) throws KeyUnavailable {
        Signer intl = identity.signer();
        Map<String, Signer> seals = new LinkedHashMap<>();
        Map<CryptoSuite, List<X509Certificate>> recipients = new EnumMap<>(CryptoSuite.class);
        for (String uscc : properties.submitters()) {
            CryptoSuite suite = properties.suiteOf(uscc);
            if (suite == CryptoSuite.INTL && intl.suite() != CryptoSuite.INTL) {
                throw new KeyUnavailable("fapiao.identity holds a " + intl.suite() + " key; INTL bills of " + uscc
                        + " need a P-256 key");
            }
            if (suite == CryptoSuite.GM) {
                seals.put(uscc, gmSeal(properties.gmSealsDir(), uscc));
            }
            if (!recipients.containsKey(suite)) {
                recipients.put(suite, recipients(properties.recipients().of(suite), suite));
            }
        }
        return new BillSealing(intl, seals, recipients);
    }

    private static Signer gmSeal(Path sealsDir, String uscc) throws KeyUnavailable {
        if (sealsDir == null) {
            throw new KeyUnavailable("submitter " + uscc + " seals under GM but fapiao.his.gm-seals-dir is not set");
        }
        Path folder = sealsDir.resolve(uscc);
        KeyMaterial seal = KeyMaterial.load(new KeyProperties(
                KeyProperties.KeySourceType.PEM,
                folder.resolve("cert.pem"),
                folder.resolve("key.pem"),
                null,
                null,
                null));
        if (seal.suite() != CryptoSuite.GM) {
            throw new KeyUnavailable("the seal in " + folder + " is not an SM2 key; GM bills need one");
        }
        return seal.signer();
    }

    private static List<X509Certificate> recipients(List<Path> files, CryptoSuite suite) throws KeyUnavailable {
        String property = "fapiao.his.recipients." + suite.name().toLowerCase(java.util.Locale.ROOT);
        if (files.isEmpty()) {
            throw new KeyUnavailable(property + " is not set: name the certificate files of the finance bureau and "
                    + "the issuer, whom " + suite + " bills are encrypted to");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files) {
            try {
                for (X509Certificate certificate : Pem.certificates(Files.readString(file))) {
                    if (CryptoSuite.of(certificate.getPublicKey()) != suite) {
                        throw new KeyUnavailable(file + " (" + property + ") is not a " + suite + " certificate");
                    }
                    certificates.add(certificate);
                }
            } catch (IOException e) {
                throw new KeyUnavailable("cannot read " + file + " (" + property + "): " + e.getMessage(), e);
            } catch (ProtocolException e) {
                throw new KeyUnavailable(
                        file + " (" + property + ") is not a usable certificate: " + e.getMessage(), e);
            }
        }
        if (certificates.size() > BillSealer.MAX_RECIPIENTS) {
            throw new KeyUnavailable(
                    property + " names " + certificates.size() + " certificates; at most " + BillSealer.MAX_RECIPIENTS);
        }
        return List.copyOf(certificates);
    }

    /**
     * Seals {@code bill} under {@code suite}.
     *
     * @throws ProtocolException INVALID_BILL, TOO_LARGE or CERTIFICATE_INVALID from {@link BillSealer}
     * @throws KeyUnavailable    when this adapter has no seal or recipients for the bill's submitter under
     *     {@code suite} (the configuration changed since the bill was received): it waits for the operator
     */
    public SealedBill seal(CryptoSuite suite, Bill bill) throws ProtocolException, KeyUnavailable {
        Signer signer = suite == CryptoSuite.INTL ? intl : gmSeals.get(bill.issuerId());
        List<X509Certificate> readers = recipients.get(suite);
        if (signer == null || readers == null) {
            throw new KeyUnavailable("no " + suite
                    + " seal or recipients are configured for submitter " + bill.issuerId()
                    + "; add it to fapiao.his.submitters (and its seal to fapiao.his.gm-seals-dir) and restart");
        }
        return BillSealer.seal(bill, signer, readers);
    }

    /**
     * The fingerprint, as the ledger names a bill's signer ({@code BillRecord.signerFingerprint}: the
     * SHA-256 of the certificate, base64url), of the certificate this adapter seals {@code uscc}'s bills
     * with under {@code suite}; empty when it has no seal for them. An envelope on the ledger signed by it
     * was sealed here.
     */
    public Optional<String> signerFingerprint(CryptoSuite suite, String uscc) {
        Signer signer = suite == CryptoSuite.INTL ? intl : gmSeals.get(uscc);
        if (signer == null || signer.suite() != suite) {
            return Optional.empty();
        }
        return Optional.of(CryptoSuite.INTL.fingerprint(signer.certificate()));
    }

    /**
     * The certificate {@code uscc}'s bills are signed with under {@code suite}, or empty when this adapter
     * has no seal for them: intake refuses a bill issued outside its validity, as the verifier would.
     */
    public Optional<X509Certificate> signerCertificate(CryptoSuite suite, String uscc) {
        Signer signer = suite == CryptoSuite.INTL ? intl : gmSeals.get(uscc);
        return Optional.ofNullable(signer).map(Signer::certificate);
    }

    @Override
    public String toString() {
        return "BillSealing[INTL by " + intl.certificate().getSubjectX500Principal() + ", GM seals for "
                + gmSeals.keySet() + "]";
    }
}
