package io.fapiao.issuer.claims;

import io.fapiao.service.identity.KeyProperties;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The second ledger identity the issuer API claims invoices with: a {@code claimant} identity (the
 * ledger's ClaimInvoice needs that role, which the issuer's own identity does not have). Shaped like
 * {@code fapiao.identity}, plus the MSP when it is not the service's.
 *
 * <pre>{@code
 * fapiao.issuer.claimant-identity.certificate=.fapiao/ledger/crypto/IssuerOrg/users/claimant1/msp/signcerts/cert.pem
 * fapiao.issuer.claimant-identity.private-key=.fapiao/ledger/crypto/IssuerOrg/users/claimant1/msp/keystore/key.pem
 * }</pre>
 *
 * @param type PEM, PKCS12 or PKCS11
 * @param certificate PEM certificate file
 * @param privateKey PEM private key file
 * @param keyStore PKCS#12 file
 * @param password key store password; never logged
 * @param alias key store entry
 * @param mspId the claimant identity's MSP; {@code fapiao.ledger.msp-id} when unset
 */
@ConfigurationProperties("fapiao.issuer.claimant-identity")
public record ClaimantIdentityProperties(
        @DefaultValue("PEM") KeyProperties.KeySourceType type,
        Path certificate,
        Path privateKey,
        Path keyStore,
        String password,
        String alias,
        String mspId) {

    /** Whether a claimant identity is configured at all. */
    public boolean configured() {
        return certificate != null || keyStore != null;
    }

    KeyProperties keyProperties() {
        return new KeyProperties(type, certificate, privateKey, keyStore, password, alias);
    }

    @Override
    public String toString() {
        return "ClaimantIdentityProperties[type=" + type + ", certificate=" + certificate + ", keyStore=" + keyStore
                + ", mspId=" + mspId + "]";
    }
}
