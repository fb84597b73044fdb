package io.fapiao.ledger.msp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import java.math.BigInteger;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

class LowSProperties {

    static final Identity IDENTITY = CertificateAuthority.create(
                    CryptoSuite.INTL,
                    "LowS",
                    "ca.lows",
                    Instant.now().minusSeconds(60),
                    Instant.now().plus(Duration.ofDays(1)))
            .issue(IdentityProfile.named("signer").withUnit("client"));
    static final SigningIdentity SIGNER = new SigningIdentity("LowSMSP", IDENTITY.certificate(), IDENTITY.privateKey());
    static final Member MEMBER = new Member("LowSMSP", IDENTITY.certificate(), Set.of("client"));
    static final BigInteger ORDER =
            ((ECPublicKey) IDENTITY.certificate().getPublicKey()).getParams().getOrder();

    @Property(tries = 200)
    void signaturesAlwaysHaveLowSAndVerify(@ForAll byte[] message) {
        byte[] signature = SIGNER.sign(message);
        assertThat(s(signature)).isLessThanOrEqualTo(ORDER.shiftRight(1));
        assertThat(MEMBER.verifies(message, signature)).isTrue();
    }

    @Property(tries = 200)
    void theHighSTwinIsValidEcdsaButRefused(@ForAll byte[] message) throws Exception {
        byte[] low = SIGNER.sign(message);
        byte[] high = withS(low, ORDER.subtract(s(low)));
        // Plain ECDSA accepts both (r, s) and (r, n - s): that malleability is what low S removes.
        Signature plain = Signature.getInstance("SHA256withECDSA");
        plain.initVerify(IDENTITY.certificate().getPublicKey());
        plain.update(message);
        assertThat(plain.verify(high)).isTrue();
        assertThat(MEMBER.verifies(message, high)).isFalse();
        assertThat(LowS.normalize(IDENTITY.certificate().getPublicKey(), high)).isEqualTo(low);
    }

    @Property(tries = 100)
    void anotherMessageDoesNotVerify(@ForAll byte[] message) {
        byte[] signature = SIGNER.sign(message);
        byte[] other = java.util.Arrays.copyOf(message, message.length + 1);
        assertThat(MEMBER.verifies(other, signature)).isFalse();
    }

    private static BigInteger s(byte[] der) {
        return ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(1))
                .getValue();
    }

    private static byte[] withS(byte[] der, BigInteger s) throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(ASN1Sequence.getInstance(der).getObjectAt(0));
        v.add(new ASN1Integer(s));
        return new DERSequence(v).getEncoded("DER");
    }
}
