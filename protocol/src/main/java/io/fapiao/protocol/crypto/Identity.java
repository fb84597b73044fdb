package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ProtocolException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate and its private key, as issued by a {@link CertificateAuthority}.
 *
 * <pre>{@code
 * Identity hospital = hospitalCa.issue(IdentityProfile.named("his").withAttribute("role", "hospital"));
 * SealedBill sealed = BillSealer.seal(bill, hospital.signer(), recipients);
 * }</pre>
 */
public record Identity(X509Certificate certificate, PrivateKey privateKey) {

    public CryptoSuite suite() throws ProtocolException {
        return CryptoSuite.of(certificate.getPublicKey());
    }

    public Signer signer() throws ProtocolException {
        return Signer.of(privateKey, certificate);
    }

    public RecipientKey recipientKey() throws ProtocolException {
        return RecipientKey.of(privateKey, certificate);
    }

    @Override
    public String toString() {
        return "Identity[" + certificate.getSubjectX500Principal() + "]";
    }
}
