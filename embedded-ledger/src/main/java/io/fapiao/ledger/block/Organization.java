package io.fapiao.ledger.block;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A consortium member as the channel configuration names it: MSP ID and CA certificates.
 *
 * <pre>{@code
 * Organization hospital = new Organization("HospitalOrgMSP", List.of(hospitalCa), List.of(hospitalTlsCa));
 * }</pre>
 */
public record Organization(
        String mspId, List<X509Certificate> rootCertificates, List<X509Certificate> tlsRootCertificates) {

    public Organization {
        rootCertificates = List.copyOf(rootCertificates);
        tlsRootCertificates = List.copyOf(tlsRootCertificates);
    }
}
