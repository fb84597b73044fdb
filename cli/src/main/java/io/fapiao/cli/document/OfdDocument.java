package io.fapiao.cli.document;

import static io.fapiao.cli.document.ReadDocument.fail;
import static io.fapiao.cli.document.ReadDocument.pass;

import io.fapiao.proof.ProofCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads an invoice OFD (GB/T 33190) and checks its e-seal (GB/T 38540, SES_Signature version 4, SM2
 * with SM3) with nothing but the standards' structures: every file the signature lists hashes to
 * its check value, every file of the package but the signature's own two is listed (so nothing was
 * added unsigned), the signed value's data hash is the hash of Signature.xml, and its SM2 signature
 * verifies under the certificate it carries; the seal's own signature by its maker is checked too.
 * The record is the package's {@code invoice-<number>.json} attachment, which the seal must cover.
 * Written against the standards rather than with ofdrw's verifier, whose SES parser needs an older
 * BouncyCastle than this tool's, and so that an auditor's check does not rest on the writer's library.
 *
 * <pre>{@code
 * ReadDocument read = OfdDocument.read(Files.readAllBytes(Path.of("44010126-0000000042.ofd")));
 * }</pre>
 */
public final class OfdDocument {
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    /** A package larger than this is refused before it is unpacked (an invoice OFD is tens of KiB). */
    private static final long MAX_PACKAGE = 64L << 20;

    private OfdDocument() {}

    public static ReadDocument read(byte[] bytes) {
        List<ProofCheck> checks = new ArrayList<>();
        Map<String, byte[]> files;
        try {
            files = unzip(bytes);
        } catch (IOException e) {
            checks.add(fail("ofd.readable", "the file is not a readable OFD package: " + e.getMessage()));
            return new ReadDocument(DocumentForm.OFD, checks, Optional.empty(), Optional.empty());
        }
        List<String> signed = new ArrayList<>();
        Optional<X509Certificate> sealer = seal(files, signed, checks);
        Optional<byte[]> record = record(files, signed, checks);
        return new ReadDocument(DocumentForm.OFD, checks, record, sealer);
    }

    private static Optional<X509Certificate> seal(
            Map<String, byte[]> files, List<String> signed, List<ProofCheck> checks) {
        try {
            Element ofd = xml(files, "OFD.xml");
            String signaturesLoc = text(ofd, "Signatures");
            if (signaturesLoc == null) {
                checks.add(fail("ofd.seal", "OFD.xml names no Signatures: the document is not sealed"));
                return Optional.empty();
            }
            NodeList listed = xml(files, path(signaturesLoc)).getElementsByTagNameNS("*", "Signature");
            if (listed.getLength() != 1) {
                checks.add(fail(
                        "ofd.seal",
                        "the OFD carries " + listed.getLength() + " signatures; an invoice OFD carries exactly one,"
                                + " the issuer's e-seal"));
                return Optional.empty();
            }
            String signatureXml = path(((Element) listed.item(0)).getAttribute("BaseLoc"));
            byte[] signatureBytes = required(files, signatureXml);
            Element signature = xml(files, signatureXml);
            String signedValue = path(text(signature, "SignedValue"));
            references(files, signature, signatureXml, signedValue, signed, checks);
            return signedValue(required(files, signedValue), signatureBytes, signatureXml, checks);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            checks.add(fail("ofd.seal", "the e-seal cannot be checked: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** Each listed file's SM3 is its check value, and nothing in the package is left unlisted. */
    private static void references(
            Map<String, byte[]> files,
            Element signature,
            String signatureXml,
            String signedValue,
            List<String> signed,
            List<ProofCheck> checks)
            throws GeneralSecurityException {
        Element references =
                (Element) signature.getElementsByTagNameNS("*", "References").item(0);
        String method = references.getAttribute("CheckMethod");
        NodeList list = references.getElementsByTagNameNS("*", "Reference");
        List<String> mismatched = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element reference = (Element) list.item(i);
            String file = path(reference.getAttribute("FileRef"));
            byte[] expected =
                    Base64.getDecoder().decode(text(reference, "CheckValue").trim());
            byte[] content = files.get(file);
            MessageDigest digest = sm3(method);
            if (content == null || !MessageDigest.isEqual(digest.digest(content), expected)) {
                mismatched.add(file);
            } else {
                signed.add(file);
            }
        }
        TreeSet<String> unsigned = new TreeSet<>(files.keySet());
        signed.forEach(unsigned::remove);
        unsigned.remove(signatureXml);
        unsigned.remove(signedValue);
        checks.add(
                mismatched.isEmpty() && unsigned.isEmpty()
                        ? pass(
                                "ofd.seal.coverage",
                                "all " + signed.size() + " files of the package hash to the e-seal's check values")
                        : fail(
                                "ofd.seal.coverage",
                                (mismatched.isEmpty() ? "" : "changed or missing since sealing: " + mismatched + "; ")
                                        + (unsigned.isEmpty() ? "" : "not covered by the e-seal: " + unsigned)));
    }

    /**
     * SES_Signature (GB/T 38540 v4): {@code SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID,
     * signature BIT STRING, timeStamp [0] OPTIONAL }}, TBS_Sign {@code SEQUENCE { version, eseal SESeal,
     * timeInfo, dataHash BIT STRING, propertyInfo IA5String, extDatas OPTIONAL }}.
     */
    private static Optional<X509Certificate> signedValue(
            byte[] value, byte[] signatureXml, String signatureLoc, List<ProofCheck> checks)
            throws IOException, GeneralSecurityException {
        ASN1Sequence ses = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(value));
        ASN1Sequence toSign = ASN1Sequence.getInstance(ses.getObjectAt(0));
        X509Certificate certificate = certificate(ASN1OctetString.getInstance(ses.getObjectAt(1)));
        byte[] sealSignature = ASN1BitString.getInstance(ses.getObjectAt(3)).getOctets();
        byte[] dataHash = ASN1BitString.getInstance(toSign.getObjectAt(3)).getOctets();
        String propertyInfo = ((ASN1String) toSign.getObjectAt(4)).getString();
        boolean hashMatches = MessageDigest.isEqual(sm3("SM3").digest(signatureXml), dataHash);
        boolean verifies = sm2Verifies(certificate, toSign.getEncoded(ASN1Encoding.DER), sealSignature);
        if (!hashMatches || !verifies) {
            checks.add(fail(
                    "ofd.seal",
                    !hashMatches
                            ? "the e-seal's data hash is not the SM3 of " + signatureLoc + ": the signature was changed"
                            : "the e-seal's SM2 signature does not verify under the certificate it carries"));
            return Optional.empty();
        }
        checks.add(pass(
                "ofd.seal",
                "GB/T 38540 e-seal by " + certificate.getSubjectX500Principal().getName() + " verifies (SM2/SM3, "
                        + propertyInfo + ")"));
        checks.add(maker(ASN1Sequence.getInstance(toSign.getObjectAt(1))));
        return Optional.of(certificate);
    }

    /**
     * SESeal: {@code SEQUENCE { eSealInfo, cert OCTET STRING (the maker's), signAlgID, signedValue BIT STRING }};
     * the maker signs the first three as one SEQUENCE (GB/T 38540, 5.2).
     */
    private static ProofCheck maker(ASN1Sequence seal) {
        try {
            X509Certificate maker = certificate(ASN1OctetString.getInstance(seal.getObjectAt(1)));
            ASN1EncodableVector signed = new ASN1EncodableVector(3);
            for (int i = 0; i < 3; i++) {
                signed.add(seal.getObjectAt(i));
            }
            byte[] makerSignature =
                    ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets();
            return sm2Verifies(maker, new DERSequence(signed).getEncoded(ASN1Encoding.DER), makerSignature)
                    ? pass(
                            "ofd.seal.maker",
                            "the seal was made by "
                                    + maker.getSubjectX500Principal().getName())
                    : fail("ofd.seal.maker", "the seal's own signature by its maker does not verify");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return fail("ofd.seal.maker", "the seal cannot be read: " + e.getMessage());
        }
    }

    private static Optional<byte[]> record(Map<String, byte[]> files, List<String> signed, List<ProofCheck> checks) {
        List<String> records = files.keySet().stream()
                .filter(name -> {
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    return base.startsWith("invoice-") && base.endsWith(".json");
                })
                .toList();
        if (records.size() != 1) {
            checks.add(fail(
                    "ofd.record", "the OFD holds " + records.size() + " invoice-<number>.json attachments, not one"));
            return Optional.empty();
        }
        String name = records.getFirst();
        checks.add(
                signed.contains(name)
                        ? pass("ofd.record", "attachment " + name + ", covered by the e-seal")
                        : fail("ofd.record", "attachment " + name + " is not covered by a valid e-seal"));
        return Optional.of(files.get(name).clone());
    }

    private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] content = zip.readNBytes((int) Math.min(MAX_PACKAGE - total + 1, Integer.MAX_VALUE - 8));
                total += content.length;
                if (total > MAX_PACKAGE) {
                    throw new IOException("the package unpacks to more than " + MAX_PACKAGE + " bytes");
                }
                String name = entry.getName().startsWith("/") ? entry.getName().substring(1) : entry.getName();
                if (files.put(name, content) != null) {
                    throw new IOException("the package holds " + name + " twice");
                }
            }
        }
        if (!files.containsKey("OFD.xml")) {
            throw new IOException("no OFD.xml at the package's root");
        }
        return files;
    }

    private static Element xml(Map<String, byte[]> files, String name) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // No DTDs, no external entities: the package is untrusted input.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(required(files, name)));
            return document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(name + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static byte[] required(Map<String, byte[]> files, String name) throws IOException {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IOException("the package has no " + name);
        }
        return content;
    }

    private static String text(Element parent, String localName) {
        NodeList found = parent.getElementsByTagNameNS("*", localName);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    /** A location inside the package (absolute, as the signature writes them) as a zip entry name. */
    private static String path(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a location is missing");
        }
        String trimmed = location.trim();
        return trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    }

    private static MessageDigest sm3(String method) throws GeneralSecurityException {
        // GB/T 33190 names SM3 by its OID or its name.
        if (!method.isEmpty() && !method.equals("SM3") && !method.equals("1.2.156.10197.1.401")) {
            throw new GeneralSecurityException("check method " + method + " is not SM3");
        }
        return MessageDigest.getInstance("SM3", PROVIDER);
    }

    private static boolean sm2Verifies(X509Certificate certificate, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SM3withSM2", PROVIDER);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    private static X509Certificate certificate(ASN1OctetString der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509", PROVIDER)
                .generateCertificate(new ByteArrayInputStream(der.getOctets()));
    }
}
