package io.fapiao.chaincode.access;

import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.Role;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * The identity that signed the proposal, as the contract sees it: the MSP ID from the serialized
 * identity, and from the X.509 certificate its fingerprint, the {@code role} and {@code uscc}
 * attributes of Fabric CA's attribute extension (OID 1.2.3.4.5.6.7.8.1) and whether the subject
 * carries the NodeOU {@code OU=admin}.
 *
 * <pre>{@code
 * Caller caller = Caller.of(ctx.getClientIdentity());
 * if (caller.role() == Role.FINANCE) { ... }
 * }</pre>
 *
 * @param mspId       the MSP ID the peer validated the identity against
 * @param certificate the caller's certificate
 * @param fingerprint base64url (unpadded) SHA-256 of the certificate's DER encoding
 * @param role        the {@code role} attribute, or null when absent or not a known role
 * @param roleAttribute the raw {@code role} attribute, or null, for messages
 * @param uscc        the {@code uscc} attribute, or null
 * @param admin       whether the subject has an {@code OU=admin}
 */
public record Caller(
        String mspId,
        X509Certificate certificate,
        String fingerprint,
        Role role,
        String roleAttribute,
        String uscc,
        boolean admin) {

    /** The attribute that names the caller's role. */
    public static final String ROLE_ATTRIBUTE = "role";
    /** The optional attribute that pins a submitter identity to one USCC. */
    public static final String USCC_ATTRIBUTE = "uscc";
    /** Fabric's default NodeOU identifier for administrators. */
    public static final String ADMIN_UNIT = "admin";

    public static Caller of(ClientIdentity identity) {
        X509Certificate certificate = identity.getX509Certificate();
        if (certificate == null) {
            throw ChaincodeError.NOT_AUTHORIZED.exception(
                    "the caller has no X.509 certificate; " + "this contract only serves X.509 identities");
        }
        String role = identity.getAttributeValue(ROLE_ATTRIBUTE);
        return new Caller(
                identity.getMSPID(),
                certificate,
                fingerprint(certificate),
                Role.fromAttribute(role),
                role,
                identity.getAttributeValue(USCC_ATTRIBUTE),
                hasAdminUnit(certificate));
    }

    /** The fingerprint every record of this contract uses: base64url SHA-256 of the DER certificate. */
    public static String fingerprint(X509Certificate certificate) {
        return CryptoSuite.INTL.fingerprint(certificate);
    }

    private static boolean hasAdminUnit(X509Certificate certificate) {
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.OU)) {
            for (var value : rdn.getTypesAndValues()) {
                if (ADMIN_UNIT.equals(IETFUtils.valueToString(value.getValue()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How messages name the caller. */
    public String describe() {
        return "caller of MSP " + mspId + " (role " + (roleAttribute == null ? "none" : roleAttribute)
                + (admin ? ", admin" : "") + ")";
    }
}
