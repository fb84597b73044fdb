package io.fapiao.ledger.client;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.client.identity.Signer;

/**
 * Signs the way an HSM does: it is handed the SHA-256 digest, not the message, and signs that raw
 * (NONEwithECDSA), then puts the signature in the low-S form Fabric requires. It counts its
 * signatures, so a test can see that the ledger client used it rather than a key of its own.
 *
 * <pre>{@code
 * Ledger.connect(settings, new DigestSigner(key));
 * }</pre>
 */
final class DigestSigner implements Signer {
    private final ECPrivateKey key;
    final AtomicInteger signatures = new AtomicInteger();

    DigestSigner(ECPrivateKey key) {
        this.key = key;
    }

    @Override
    public byte[] sign(byte[] digest) throws GeneralSecurityException {
        Signature ecdsa = Signature.getInstance("NONEwithECDSA");
        ecdsa.initSign(key);
        ecdsa.update(digest);
        byte[] der = ecdsa.sign();
        signatures.incrementAndGet();
        return lowS(der);
    }

    private byte[] lowS(byte[] der) throws GeneralSecurityException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
        BigInteger order = key.getParams().getOrder();
        if (s.compareTo(order.shiftRight(1)) <= 0) {
            return der;
        }
        ASN1EncodableVector values = new ASN1EncodableVector();
        values.add(new ASN1Integer(r));
        values.add(new ASN1Integer(order.subtract(s)));
        try {
            return new DERSequence(values).getEncoded();
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the signature", e);
        }
    }
}
