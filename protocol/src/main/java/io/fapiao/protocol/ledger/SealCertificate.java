package io.fapiao.protocol.ledger;

/**
 * A seal certificate a submitter signs sealed bills with, registered by a finance admin because it
 * is not (and, for an SM2 seal, cannot be) the submitter's Fabric certificate.
 *
 * <pre>{@code
 * boolean mine = submitter.sealCertificates().stream().anyMatch(c -> c.fingerprint().equals(fp));
 * }</pre>
 *
 * @param fingerprint base64url (unpadded) SHA-256 of the DER certificate, whatever its suite
 * @param suite       INTL or GM, from the certificate's key
 * @param subject     the subject DN, RFC 2253, for people
 * @param notBefore   the certificate's validity start, ISO-8601
 * @param notAfter    the certificate's validity end, ISO-8601
 */
public record SealCertificate(String fingerprint, String suite, String subject, String notBefore, String notAfter) {}
