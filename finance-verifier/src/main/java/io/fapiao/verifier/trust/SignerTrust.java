package io.fapiao.verifier.trust;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.seal.BillOpener;
import io.fapiao.service.trust.RevocationListUnavailable;
import io.fapiao.service.trust.RevocationLists;
import io.fapiao.service.trust.RevocationLists.Revocation;
import io.fapiao.service.trust.TrustFiles;
import io.fapiao.verifier.VerifierProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whom the verifier believes about who signed a bill: the configured certificate authorities (the
 * hospitals' MSP {@code cacerts/} and the GM CA) and their revocation lists. The authorities are read
 * once at start; the lists are watched ({@link RevocationLists}).
 *
 * <pre>{@code
 * SignerTrust trust = SignerTrust.load(properties.trust());
 * OpenedBill opened = trust.opener().open(sealed, financeKey);   // chain and validity at issue time
 * trust.revocationOf(opened.signer());                           // revocation, from the current lists
 * }</pre>
 */
public final class SignerTrust {
    private final List<X509Certificate> authorities;
    private final BillOpener opener;
    private final RevocationLists revocations;

    private SignerTrust(List<X509Certificate> authorities, RevocationLists revocations) {
        this.authorities = authorities;
        this.opener = BillOpener.trusting(CertificateTrust.of(authorities));
        this.revocations = revocations;
    }

    /**
     * Reads the authorities and revocation lists that {@code trust} names.
     *
     * @throws TrustUnavailable when no authority is configured or a file cannot be used; the message
     *     names the file and the property
     */
    public static SignerTrust load(VerifierProperties.Trust trust) throws TrustUnavailable {
        List<X509Certificate> authorities = new ArrayList<>();
        try {
            for (Path file : TrustFiles.expand(trust.caCertificates(), false)) {
                List<X509Certificate> read = Pem.certificates(Files.readString(file));
                for (X509Certificate certificate : read) {
                    if (certificate.getBasicConstraints() < 0) {
                        throw new TrustUnavailable(
                                file + " holds " + certificate.getSubjectX500Principal()
                                        + ", which is not a CA certificate; fapiao.verifier.trust.ca-certificates names "
                                        + "the authorities only",
                                null);
                    }
                }
                authorities.addAll(read);
            }
        } catch (IOException | ProtocolException e) {
            throw new TrustUnavailable("cannot read fapiao.verifier.trust.ca-certificates: " + e.getMessage(), e);
        }
        if (authorities.isEmpty()) {
            throw new TrustUnavailable(
                    "fapiao.verifier.trust.ca-certificates names no CA certificate (it is " + trust.caCertificates()
                            + "); name the hospitals' MSP cacerts folder and the GM CA file",
                    null);
        }
        try {
            return new SignerTrust(
                    List.copyOf(authorities),
                    RevocationLists.load(
                            trust.crls(), authorities, trust.allowStaleCrls(), java.time.Clock.systemUTC()));
        } catch (RevocationListUnavailable e) {
            throw new TrustUnavailable("fapiao.verifier.trust.crls: " + e.getMessage(), e);
        }
    }

    /** Opens bills whose signer certificate one of the authorities issued and that was valid at the issue time. */
    public BillOpener opener() {
        return opener;
    }

    /** The trusted authorities. */
    public List<X509Certificate> authorities() {
        return authorities;
    }

    /** The signer's revocation, if a current list names it. */
    public Optional<Revocation> revocationOf(X509Certificate signer) throws RevocationListUnavailable {
        return revocations.revocationOf(signer);
    }

    @Override
    public String toString() {
        return "SignerTrust[" + authorities.size() + " authorities, " + revocations + "]";
    }
}
