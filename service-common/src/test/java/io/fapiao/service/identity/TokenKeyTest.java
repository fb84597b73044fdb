package io.fapiao.service.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.crypto.CryptoSuite;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

/** The low-S rule the token's gateway signer applies, on signatures made with a key in memory. */
class TokenKeyTest {

    @Test
    void aHighSIsReplacedByItsLowTwinAndBothVerify() throws Exception {
        KeyPair pair = CryptoSuite.INTL.generateKeyPair();
        BigInteger order = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
        byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 32; i++) {
            Signature signing = Signature.getInstance("SHA256withECDSA");
            signing.initSign(pair.getPrivate());
            signing.update(message);
            byte[] der = signing.sign();
            BigInteger r = integer(der, 0);
            BigInteger s = integer(der, 1);
            byte[] high = encode(r, s.compareTo(order.shiftRight(1)) > 0 ? s : order.subtract(s));
            byte[] low = TokenKey.lowS(high, order);

            assertThat(verifies(pair, message, high)).isTrue();
            assertThat(verifies(pair, message, low)).isTrue();
            assertThat(integer(low, 0)).isEqualTo(r);
            assertThat(integer(low, 1)).isLessThanOrEqualTo(order.shiftRight(1));
            assertThat(TokenKey.lowS(low, order)).isEqualTo(low);
        }
    }

    private static boolean verifies(KeyPair pair, byte[] message, byte[] der) throws Exception {
        Signature verifying = Signature.getInstance("SHA256withECDSA");
        verifying.initVerify(pair.getPublic());
        verifying.update(message);
        return verifying.verify(der);
    }

    static BigInteger integer(byte[] der, int index) {
        return ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(index))
                .getValue();
    }

    private static byte[] encode(BigInteger r, BigInteger s) throws Exception {
        return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
    }
}
