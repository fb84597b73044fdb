package io.fapiao.service.identity;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * A P-256 private key that never leaves its PKCS#11 token: every signature is made by the token
 * through the provider that opened it. It signs in the two shapes the services need: the protocol's
 * (ECDSA with SHA-256 over the message, DER) and fabric-gateway's (ECDSA over a SHA-256 digest the
 * gateway already computed, DER with a low S, which Fabric requires so that a signature cannot be
 * turned into a second valid one).
 *
 * <p>Not deterministic. The token draws each ECDSA nonce from its own generator ({@code CKM_ECDSA}
 * has no RFC 6979 mode, and the key never leaves the token for us to derive one), so signing the
 * same message twice gives two different, equally valid signatures; its signer says so
 * ({@link Signer#deterministic()} is false). Fapiao never relies on re-signing to reproduce a
 * record: an invoice document is stored before its hash goes to the ledger and a retry re-reads it
 * ({@code Documents.seal}); a sealed bill is stored in the outbox before it is submitted and
 * resubmitted as stored; a statement (issuance, reversal, verdict) signed again on a retry is
 * recorded once, by whichever transaction commits, and the ledger's idempotency compares what it
 * states, not its signature bytes. What a token cannot do is rebuild a <em>lost</em> document with
 * the hash the ledger holds: keep the issuer's document store backed up, or sign documents with a
 * software key (docs/protocol.md §3, "Deterministic signatures").
 *
 * <pre>{@code
 * TokenKey key = new TokenKey(privateKey, certificate, sunPkcs11);
 * byte[] envelopeSignature = key.signer().sign(headerDigest);
 * byte[] proposalSignature = key.gatewaySigner().sign(sha256OfProposal);
 * }</pre>
 */
final class TokenKey {
    private static final String PROBE = "fapiao token check";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Provider provider;
    private final BigInteger order;

    TokenKey(PrivateKey key, X509Certificate certificate, Provider provider) throws KeyUnavailable {
        this.key = Objects.requireNonNull(key, "key");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.provider = Objects.requireNonNull(provider, "provider");
        CryptoSuite suite;
        try {
            suite = CryptoSuite.of(certificate.getPublicKey());
        } catch (ProtocolException e) {
            throw new KeyUnavailable(
                    "the token's certificate " + certificate.getSubjectX500Principal()
                            + " holds neither a P-256 nor an SM2 key",
                    e);
        }
        if (suite != CryptoSuite.INTL) {
            throw new KeyUnavailable("the token's certificate holds an SM2 key; PKCS#11 keys must be P-256 "
                    + "(SunPKCS11 has no SM2), keep SM2 seals in PEM or PKCS#12 files");
        }
        this.order = ((ECPublicKey) certificate.getPublicKey()).getParams().getOrder();
    }

    /** The protocol signer: envelopes, statements, HTTP message signatures. Checked once against the certificate. */
    Signer signer() throws KeyUnavailable {
        Signer signer = new Signer() {
            @Override
            public CryptoSuite suite() {
                return CryptoSuite.INTL;
            }

            @Override
            public X509Certificate certificate() {
                return certificate;
            }

            @Override
            public byte[] sign(byte[] message) {
                try {
                    Signature signature = Signature.getInstance("SHA256withECDSA", provider);
                    signature.initSign(key);
                    signature.update(message);
                    return signature.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("the PKCS#11 token cannot sign: " + e.getMessage(), e);
                }
            }

            /** The token picks each nonce itself: the same message signs to different bytes. */
            @Override
            public boolean deterministic() {
                return false;
            }

            @Override
            public String toString() {
                return "Signer[INTL, " + certificate.getSubjectX500Principal() + ", PKCS#11 " + provider.getName()
                        + "]";
            }
        };
        byte[] probe = PROBE.getBytes(StandardCharsets.US_ASCII);
        try {
            if (!CryptoSuite.INTL.verify(certificate.getPublicKey(), probe, signer.sign(probe))) {
                throw new KeyUnavailable(
                        "the token's key does not belong to certificate " + certificate.getSubjectX500Principal());
            }
        } catch (IllegalArgumentException e) {
            throw new KeyUnavailable(e.getMessage(), e);
        }
        return signer;
    }

    /** The fabric-gateway signer: ECDSA over the given SHA-256 digest, low S, DER. */
    org.hyperledger.fabric.client.identity.Signer gatewaySigner() {
        return digest -> {
            Signature signature = Signature.getInstance("NONEwithECDSA", provider);
            signature.initSign(key);
            signature.update(digest);
            return lowS(signature.sign(), order);
        };
    }

    /**
     * The same signature with S replaced by {@code n - S} when S is in the upper half of the group
     * order: both verify, and Fabric accepts only the low one.
     */
    static byte[] lowS(byte[] der, BigInteger order) throws GeneralSecurityException {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(der);
            if (sequence.size() != 2) {
                throw new GeneralSecurityException("an ECDSA signature is a sequence of two integers");
            }
            BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
            if (s.compareTo(order.shiftRight(1)) <= 0) {
                return der;
            }
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(order.subtract(s))})
                    .getEncoded();
        } catch (IOException | IllegalArgumentException e) {
            throw new GeneralSecurityException("the token returned a signature that is not DER: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TokenKey[" + certificate.getSubjectX500Principal() + ", " + provider.getName() + "]";
    }
}
