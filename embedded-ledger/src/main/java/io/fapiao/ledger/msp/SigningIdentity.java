package io.fapiao.ledger.msp;

import com.google.protobuf.ByteString;
import io.fapiao.protocol.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * An identity the node signs with: its peer identity (endorsements) or its orderer identity (blocks).
 * Signatures are ECDSA over SHA-256, DER-encoded, with low S as Fabric requires.
 *
 * <pre>{@code
 * SigningIdentity peer = consortium.peer();
 * ByteString endorser = peer.serialized();
 * byte[] signature = peer.sign(proposalResponsePayload);
 * }</pre>
 */
public record SigningIdentity(String mspId, X509Certificate certificate, PrivateKey privateKey) {

    public SigningIdentity {
        privateKey = JdkKeys.ecPrivateKey(privateKey);
    }

    /** The bytes of the {@code msp.SerializedIdentity} that names this identity as a creator or endorser. */
    public ByteString serialized() {
        return SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(Pem.certificate(certificate), StandardCharsets.UTF_8))
                .build()
                .toByteString();
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(message);
            return LowS.normalize(certificate.getPublicKey(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + mspId + " identity", e);
        }
    }

    @Override
    public String toString() {
        return "SigningIdentity[" + mspId + ", " + certificate.getSubjectX500Principal() + "]";
    }
}
