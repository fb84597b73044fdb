package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A Fabric identity as transactions and blocks carry it ({@code msp.SerializedIdentity}: the MSP id
 * and the PEM certificate), with what a verifier asks of it.
 *
 * <pre>{@code
 * FabricIdentity creator = FabricIdentity.parse(signatureHeader.getCreator());
 * boolean ok = creator.verifies(envelope.getPayload().toByteArray(), envelope.getSignature().toByteArray());
 * }</pre>
 */
public record FabricIdentity(String mspId, X509Certificate certificate) {

    /** @throws MalformedLedgerData when the bytes are not a serialized identity with one PEM certificate */
    public static FabricIdentity parse(ByteString serialized) throws MalformedLedgerData {
        SerializedIdentity identity;
        try {
            identity = SerializedIdentity.parseFrom(serialized);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("identity does not parse: " + e.getMessage(), e);
        }
        if (!identity.getUnknownFields().asMap().isEmpty()
                || !identity.toByteString().equals(serialized)) {
            throw new MalformedLedgerData("identity has fields or an encoding Fabric does not write");
        }
        try {
            String pem = identity.getIdBytes().toStringUtf8();
            if (!identity.getIdBytes().isValidUtf8() || Pem.certificates(pem).size() != 1) {
                throw new MalformedLedgerData(
                        "identity of " + identity.getMspid() + " holds no single PEM certificate");
            }
            return new FabricIdentity(identity.getMspid(), Pem.certificate(pem));
        } catch (ProtocolException e) {
            throw new MalformedLedgerData(
                    "certificate of identity " + identity.getMspid() + " does not parse: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (DER) is this identity's signature of {@code message}; never throws. */
    public boolean verifies(byte[] message, byte[] signature) {
        try {
            CryptoSuite suite = CryptoSuite.of(certificate.getPublicKey());
            return suite.verify(certificate.getPublicKey(), message, signature);
        } catch (ProtocolException | RuntimeException e) {
            return false;
        }
    }

    /** SHA-256 of the certificate's DER, base64url: the fingerprint the contract writes into its records. */
    public String fingerprint() {
        return CryptoSuite.INTL.fingerprint(certificate);
    }

    /** The organisational units of the subject, lower case: Fabric's NodeOU roles (client, peer, orderer, admin). */
    public List<String> organisationalUnits() {
        return organisationalUnits(certificate.getSubjectX500Principal());
    }

    static List<String> organisationalUnits(X500Principal subject) {
        List<String> units = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    units.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                }
            }
        } catch (InvalidNameException e) {
            return List.of();
        }
        return units;
    }

    @Override
    public String toString() {
        return mspId + " " + certificate.getSubjectX500Principal().getName();
    }
}
