package io.fapiao.issuer.document;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.SimpleTimeZone;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.ofdrw.core.signatures.SigType;
import org.ofdrw.gm.ses.v1.SES_ESPictrueInfo;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v4.CertInfoList;
import org.ofdrw.gm.ses.v4.SES_CertList;
import org.ofdrw.gm.ses.v4.SES_ESPropertyInfo;
import org.ofdrw.gm.ses.v4.SES_SealInfo;
import org.ofdrw.gm.ses.v4.SES_Signature;
import org.ofdrw.gm.ses.v4.SESeal;
import org.ofdrw.gm.ses.v4.TBS_Sign;
import org.ofdrw.sign.ExtendSignatureContainer;

/**
 * The issuer's electronic seal (电子印章, GB/T 38540-2020 / GM/T 0031 version 4) and the e-seal
 * signatures (电子签章) made with it on an OFD. Both are SM2 with SM3 by the issuer's
 * {@link Signer}, so a key in a PKCS#11 token seals as a key file does: nothing here holds a
 * {@code PrivateKey}. This is ofdrw's {@link ExtendSignatureContainer}, in place of its
 * {@code SESV4Container}, which needs one.
 *
 * <p><b>The seal's maker is the issuer itself.</b> GB/T 38540 has a seal made (制章) by a seal-making
 * authority whose certificate and signature the seal carries; here the issuer's own certificate and
 * key make it, so the seal proves no more than the issuer's certificate does. A deployment that must
 * show a state-registered seal replaces {@link #make} with the seal its authority issued (the
 * {@code SESeal} bytes) and keeps the rest.
 *
 * <p>Nothing is taken from the clock: the seal's making date is the certificate's notBefore, its
 * validity the certificate's, and the signing time the invoice's issue time; with a deterministic
 * {@link Signer} the same document gives the same bytes.
 *
 * <pre>{@code
 * IssuerSeal seal = IssuerSeal.make(issuerSigner, "Fapiao Test Issuer", sealPng, issuedAt);
 * byte[] sesSignature = seal.sign(new ByteArrayInputStream(signatureXml), "/Doc_0/Signs/Sign_0/Signature.xml");
 * }</pre>
 */
final class IssuerSeal implements ExtendSignatureContainer {
    /** Seal type 1: an organisation's seal (单位印章). */
    private static final ASN1Integer ORGANISATION_SEAL = new ASN1Integer(1);

    private final Signer signer;
    private final SESeal seal;
    private final Instant signedAt;

    private IssuerSeal(Signer signer, SESeal seal, Instant signedAt) {
        this.signer = signer;
        this.seal = seal;
        this.signedAt = signedAt;
    }

    /**
     * The seal named {@code name} with {@code png} as its picture, made by {@code signer} for itself,
     * signing at {@code signedAt}.
     *
     * @throws IllegalArgumentException when the signer's key is not an SM2 key
     */
    static IssuerSeal make(Signer signer, String name, byte[] png, Instant signedAt) {
        if (signer.suite() != CryptoSuite.GM) {
            throw new IllegalArgumentException("an OFD e-seal needs an SM2 key; this signer is " + signer.suite());
        }
        X509Certificate certificate = signer.certificate();
        byte[] der = encoded(certificate);
        SES_ESPropertyInfo property = new SES_ESPropertyInfo(
                ORGANISATION_SEAL,
                new DERUTF8String(name),
                SES_ESPropertyInfo.CertListType,
                new SES_CertList(new CertInfoList().add(new DEROctetString(der))),
                time(certificate.getNotBefore().toInstant()),
                time(certificate.getNotBefore().toInstant()),
                time(certificate.getNotAfter().toInstant()));
        SES_ESPictrueInfo picture =
                new SES_ESPictrueInfo().setType("PNG").setData(png).setWidth(40).setHeight(40);
        SES_SealInfo info = new SES_SealInfo()
                .setHeader(new SES_Header(SES_Header.V4, SES_Header.ID))
                .setEsID(sealId(certificate))
                .setProperty(property)
                .setPicture(picture);
        // GB/T 38540 5.2: the maker signs the seal information, its certificate and the algorithm.
        ASN1EncodableVector toSign = new ASN1EncodableVector(3);
        toSign.add(info);
        toSign.add(new DEROctetString(der));
        toSign.add(GMObjectIdentifiers.sm2sign_with_sm3);
        byte[] makerSignature;
        try {
            makerSignature = signer.sign(new DERSequence(toSign).getEncoded("DER"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SESeal seal = new SESeal()
                .seteSealInfo(info)
                .setCert(new DEROctetString(der))
                .setSignAlgID(GMObjectIdentifiers.sm2sign_with_sm3)
                .setSignedValue(makerSignature);
        return new IssuerSeal(signer, seal, signedAt);
    }

    /** The seal's id: the issuer certificate's serial number, so a new certificate makes a new seal. */
    private static String sealId(X509Certificate certificate) {
        return "FAPIAO-" + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    @Override
    public MessageDigest getDigestFnc() {
        return CryptoSuite.GM.newDigest();
    }

    @Override
    public ASN1ObjectIdentifier getSignAlgOID() {
        return GMObjectIdentifiers.sm2sign_with_sm3;
    }

    /** The SES_Signature (v4) over {@code inData}, the OFD's Signature.xml. */
    @Override
    public byte[] sign(InputStream inData, String propertyInfo) throws IOException {
        byte[] dataHash = getDigestFnc().digest(inData.readAllBytes());
        TBS_Sign toSign = new TBS_Sign()
                .setVersion(SES_Header.V4)
                .setEseal(seal)
                .setTimeInfo(time(signedAt))
                .setDataHash(dataHash)
                .setPropertyInfo(propertyInfo);
        byte[] value = signer.sign(toSign.getEncoded("DER"));
        SES_Signature signature;
        try {
            signature = new SES_Signature()
                    .setToSign(toSign)
                    .setCert(signer.certificate())
                    .setSignatureAlgID(GMObjectIdentifiers.sm2sign_with_sm3)
                    .setSignature(new DERBitString(value));
        } catch (CertificateEncodingException e) {
            throw new IOException("the issuer's certificate cannot be encoded", e);
        }
        return signature.getEncoded("DER");
    }

    @Override
    public byte[] getSeal() throws IOException {
        return seal.getEncoded("DER");
    }

    @Override
    public SigType getSignType() {
        return SigType.Seal;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the issuer's certificate cannot be encoded", e);
        }
    }

    /** GeneralizedTime in UTC, whole seconds: the same instant always encodes the same. */
    private static ASN1GeneralizedTime time(Instant instant) {
        SimpleDateFormat format = new SimpleDateFormat("yyyyMMddHHmmss'Z'", Locale.ROOT);
        format.setTimeZone(new SimpleTimeZone(0, "Z"));
        return new ASN1GeneralizedTime(format.format(Date.from(instant)));
    }
}
