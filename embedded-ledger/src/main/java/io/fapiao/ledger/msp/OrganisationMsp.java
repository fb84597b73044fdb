package io.fapiao.ledger.msp;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One organisation as its Fabric MSP folder describes it: the root CA certificates
 * ({@code cacerts/}), intermediate CA certificates ({@code intermediatecerts/}), revocation lists
 * ({@code crls/}), TLS CA certificates ({@code tlscacerts/}) and NodeOUs ({@code config.yaml}).
 *
 * <p>Loading checks what can be checked once: every certificate parses, every CA certificate is a CA,
 * and every CRL is signed by one of the organisation's CAs. A CRL nobody here signed is an error, not
 * something to skip: an operator who drops in the wrong file must hear about it.
 *
 * <pre>{@code
 * OrganisationMsp hospital = OrganisationMsp.load("HospitalOrgMSP",
 *         Path.of("crypto/peerOrganizations/hospital.fapiao.local/msp"));
 * }</pre>
 *
 * @param crls each revocation list with the CA certificate that signed it
 */
record OrganisationMsp(
        String mspId,
        Path folder,
        List<X509Certificate> rootCertificates,
        List<X509Certificate> intermediateCertificates,
        Map<X509CRL, X509Certificate> crls,
        List<X509Certificate> tlsRootCertificates,
        NodeOus nodeOus) {

    public OrganisationMsp {
        rootCertificates = List.copyOf(rootCertificates);
        intermediateCertificates = List.copyOf(intermediateCertificates);
        crls = Map.copyOf(crls);
        tlsRootCertificates = List.copyOf(tlsRootCertificates);
    }

    /** Reads the MSP folder of the organisation known as {@code mspId}. */
    public static OrganisationMsp load(String mspId, Path folder) throws InvalidMspFolder {
        List<X509Certificate> roots = MspFiles.certificates(folder, "cacerts");
        if (roots.isEmpty()) {
            throw new InvalidMspFolder(folder, "cacerts/ holds no CA certificate; an MSP needs at least one");
        }
        List<X509Certificate> intermediates = MspFiles.certificates(folder, "intermediatecerts");
        List<X509Certificate> authorities =
                Stream.concat(roots.stream(), intermediates.stream()).toList();
        for (X509Certificate authority : authorities) {
            if (authority.getBasicConstraints() < 0) {
                throw new InvalidMspFolder(
                        folder,
                        "certificate " + authority.getSubjectX500Principal()
                                + " is in cacerts/ or intermediatecerts/ but is not a CA certificate");
            }
        }
        Map<X509CRL, X509Certificate> crls = new java.util.HashMap<>();
        for (X509CRL crl : MspFiles.crls(folder)) {
            crls.put(crl, signerOf(folder, crl, authorities));
        }
        List<X509Certificate> tlsRoots = new ArrayList<>(MspFiles.certificates(folder, "tlscacerts"));
        tlsRoots.addAll(MspFiles.certificates(folder, "tlsintermediatecerts"));
        NodeOus nodeOus = NodeOus.read(folder, authorities);
        return new OrganisationMsp(mspId, folder, roots, intermediates, crls, tlsRoots, nodeOus);
    }

    /** The same folder read again, for example after a CRL was added. */
    public OrganisationMsp reload() throws InvalidMspFolder {
        return load(mspId, folder);
    }

    /** Root and intermediate CA certificates together. */
    public List<X509Certificate> authorities() {
        return Stream.concat(rootCertificates.stream(), intermediateCertificates.stream())
                .toList();
    }

    private static X509Certificate signerOf(Path folder, X509CRL crl, List<X509Certificate> authorities)
            throws InvalidMspFolder {
        for (X509Certificate authority : authorities) {
            if (!authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                continue;
            }
            try {
                crl.verify(authority.getPublicKey());
                return authority;
            } catch (GeneralSecurityException | RuntimeException e) {
                // Same name, other key (a re-keyed CA): try the next authority.
            }
        }
        throw new InvalidMspFolder(
                folder,
                "the CRL issued by " + crl.getIssuerX500Principal()
                        + " is not signed by any CA certificate of this MSP");
    }
}
