package io.fapiao.ledger.msp;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Reads the PEM files of an MSP folder's sub-folders, in file-name order so loading is repeatable. */
final class MspFiles {

    private MspFiles() {}

    static List<Path> files(Path folder) throws InvalidMspFolder {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidMspFolder(folder, "cannot list: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path mspFolder, String subFolder) throws InvalidMspFolder {
        List<X509Certificate> all = new ArrayList<>();
        for (Path file : files(mspFolder.resolve(subFolder))) {
            try {
                List<X509Certificate> inFile = Pem.certificates(Files.readString(file));
                if (inFile.isEmpty()) {
                    throw new InvalidMspFolder(
                            mspFolder, file.getFileName() + " in " + subFolder + "/ holds no CERTIFICATE block");
                }
                all.addAll(inFile);
            } catch (IOException | ProtocolException e) {
                throw new InvalidMspFolder(
                        mspFolder, "cannot read " + subFolder + "/" + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return all;
    }

    static X509Certificate certificate(Path mspFolder, Path file) throws InvalidMspFolder {
        try {
            return Pem.certificate(Files.readString(file));
        } catch (IOException | ProtocolException e) {
            throw new InvalidMspFolder(mspFolder, "cannot read certificate " + file + ": " + e.getMessage(), e);
        }
    }

    static List<X509CRL> crls(Path mspFolder) throws InvalidMspFolder {
        List<X509CRL> all = new ArrayList<>();
        for (Path file : files(mspFolder.resolve("crls"))) {
            try {
                Collection<? extends java.security.cert.CRL> parsed = CertificateFactory.getInstance("X.509")
                        .generateCRLs(new ByteArrayInputStream(Files.readAllBytes(file)));
                if (parsed.isEmpty()) {
                    throw new InvalidMspFolder(mspFolder, "crls/" + file.getFileName() + " holds no X509 CRL");
                }
                parsed.forEach(crl -> all.add((X509CRL) crl));
            } catch (IOException | CertificateException | CRLException e) {
                throw new InvalidMspFolder(
                        mspFolder, "cannot read crls/" + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return all;
    }
}
