package io.fapiao.issuer.document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dom4j.DocumentException;
import org.ofdrw.core.basicType.ST_Loc;
import org.ofdrw.core.signatures.Signatures;
import org.ofdrw.core.signatures.appearance.Seal;
import org.ofdrw.core.signatures.range.Reference;
import org.ofdrw.core.signatures.range.References;
import org.ofdrw.core.signatures.sig.Provider;
import org.ofdrw.core.signatures.sig.Signature;
import org.ofdrw.core.signatures.sig.SignedInfo;
import org.ofdrw.pkg.container.OFDDir;
import org.ofdrw.pkg.container.SignDir;
import org.ofdrw.pkg.container.SignsDir;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.ExtendSignatureContainer;
import org.ofdrw.sign.SignIDProvider;
import org.ofdrw.sign.StandFormatAtomicSignID;
import org.ofdrw.sign.stamppos.StampAppearance;

/**
 * Applies one e-seal to an unsigned OFD and packs the result, deterministically. It does what
 * ofdrw's {@code OFDSigner.exeSign()} and {@code close()} do (Signatures.xml, Sign_0 with
 * Seal.esl, Signature.xml listing every file of the package with its SM3 hash, the stamp's
 * appearance, SignedValue.dat), with three differences, each of which would otherwise change the
 * bytes from one rendering to the next:
 *
 * <ul>
 *   <li>the signature time ({@code SignatureDateTime}) is the given instant; OFDSigner takes
 *       {@code LocalDateTime.now()} and offers no way to set it;
 *   <li>the references are listed in path order; OFDSigner lists them in the order the file system
 *       returns them;
 *   <li>the package is zipped here, entries in path order with a fixed modification time; ofdrw
 *       stamps every entry with the current time.
 * </ul>
 *
 * The result verifies with ofdrw's own {@code OFDValidator}: the layout of the signature is ofdrw's,
 * only the time and the orders are pinned.
 *
 * <pre>{@code
 * byte[] ofd = OfdSealing.seal(unsignedOfd, issuerSeal, issuedAt, new NormalStampPos(1, 20, 230, 40, 40));
 * }</pre>
 */
final class OfdSealing {
    private static final DateTimeFormatter SIGNATURE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OfdSealing() {}

    /**
     * {@code unsigned} sealed with {@code container} at {@code at}, the stamp shown at {@code stamp},
     * as the bytes of the OFD file.
     */
    static byte[] seal(Path unsigned, ExtendSignatureContainer container, Instant at, StampAppearance stamp)
            throws IOException, GeneralSecurityException {
        try (OFDReader reader = new OFDReader(unsigned)) {
            OFDDir ofd = reader.getOFDDir();
            SignIDProvider ids = new StandFormatAtomicSignID();
            SignsDir signs = ofd.obtainDocDefault().obtainSigns();
            SignDir sign = signs.newSignDir();

            Signatures list = new Signatures();
            signs.setSignatures(list);
            try {
                ofd.getOfd().getDocBody().setSignatures(signs.getAbsLoc().cat(SignsDir.SignaturesFileName));
            } catch (DocumentException e) {
                throw new IOException("the unsigned OFD's OFD.xml does not parse", e);
            }
            ofd.flushFileByName(OFDDir.OFDFileName);

            ST_Loc signatureLoc = sign.getAbsLoc().cat(SignDir.SignatureFileName);
            list.addSignature(new org.ofdrw.core.signatures.Signature()
                    .setID(ids.incrementAndGet())
                    .setType(container.getSignType())
                    .setBaseLoc(signatureLoc));

            SignedInfo info = new SignedInfo()
                    .setProvider(new Provider()
                            .setProviderName("fapiao issuer-api")
                            .setCompany("Fapiao")
                            .setVersion("1"))
                    .setSignatureMethod(container.getSignAlgOID())
                    // UTC: the string has no zone, so the zone is said here and in docs/protocol.md.
                    .setSignatureDateTime(SIGNATURE_TIME.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
            byte[] seal = container.getSeal();
            if (seal != null && seal.length > 0) {
                Files.write(Path.of(sign.getSysAbsPath(), SignDir.SealFileName), seal);
                info.setSeal(new Seal().setBaseLoc(sign.getAbsLoc().cat(SignDir.SealFileName)));
            }
            stamp.getAppearance(reader, ids).forEach(info::addStampAnnot);
            list.setMaxSignId(ids.get());
            signs.flushFileByName(SignsDir.SignaturesFileName);

            info.setReferences(references(ofd.getContainerPath(), container.getDigestFnc()));
            sign.setSignature(new Signature()
                    .setSignedValue(sign.getAbsLoc().cat(SignDir.SignedValueFileName))
                    .setSignedInfo(info));
            sign.flushFileByName(SignDir.SignatureFileName);

            byte[] signatureXml = Files.readAllBytes(Path.of(sign.getSysAbsPath(), SignDir.SignatureFileName));
            byte[] signedValue;
            try (InputStream in = new ByteArrayInputStream(signatureXml)) {
                signedValue = container.sign(in, signatureLoc.toString());
            }
            Files.write(Path.of(sign.getSysAbsPath(), SignDir.SignedValueFileName), signedValue);
            return zip(ofd.getContainerPath(), at);
        }
    }

    /** Every file of the package (so far) with its hash, in path order. */
    private static References references(Path root, MessageDigest digest) throws IOException {
        References references = new References().setCheckMethod(digest.getAlgorithm());
        for (String name : files(root)) {
            digest.reset();
            references.addReference(new Reference()
                    .setFileRef(new ST_Loc("/" + name))
                    .setCheckValue(digest.digest(Files.readAllBytes(root.resolve(name)))));
        }
        return references;
    }

    /** The package as a zip: OFD.xml first, then the files in path order, all dated {@code at}. */
    private static byte[] zip(Path root, Instant at) throws IOException {
        List<String> names = new ArrayList<>(files(root));
        names.remove(OFDDir.OFDFileName);
        names.addFirst(OFDDir.OFDFileName);
        LocalDateTime time = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                ZipEntry entry = new ZipEntry(name);
                // The DOS time as given, with no extended timestamp and no time-zone conversion.
                entry.setTimeLocal(time);
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(root.resolve(name)));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The regular files under {@code root}, as '/'-separated paths relative to it, sorted. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }
}
