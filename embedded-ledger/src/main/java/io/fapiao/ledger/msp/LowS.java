package io.fapiao.ledger.msp;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/** Fabric's canonical ECDSA signatures: S at most half the curve order. */
final class LowS {

    private LowS() {}

    static boolean isLowS(PublicKey key, byte[] derSignature) {
        try {
            BigInteger[] rs = decode(derSignature);
            return rs[1].compareTo(halfOrder(key)) <= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Rewrites a DER signature with S replaced by n - S when S is in the upper half. */
    static byte[] normalize(PublicKey key, byte[] derSignature) {
        BigInteger[] rs = decode(derSignature);
        BigInteger order = ((ECKey) key).getParams().getOrder();
        if (rs[1].compareTo(order.shiftRight(1)) <= 0) {
            return derSignature;
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(order.subtract(rs[1])));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger halfOrder(PublicKey key) {
        return ((ECKey) key).getParams().getOrder().shiftRight(1);
    }

    private static BigInteger[] decode(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        if (seq.size() != 2) {
            throw new IllegalArgumentException("not an ECDSA signature");
        }
        return new BigInteger[] {
            ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
            ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
        };
    }
}
