package io.fapiao.proof;

/**
 * A CA certificate a bundle's signatures chain to: whoever checks a bundle compares these
 * fingerprints with ones obtained out of band (or pins the certificates, {@code --trust}).
 *
 * <pre>{@code
 * report.trustAnchors().forEach(a -> System.out.println(a.mspId() + " " + a.sha256()));
 * }</pre>
 *
 * @param mspId   the organisation
 * @param subject the certificate's subject DN
 * @param sha256  SHA-256 of the DER, upper-case hex with colons (as {@code openssl x509 -fingerprint -sha256} prints it)
 * @param pinned  whether the verifier was given this certificate as trusted
 */
public record TrustAnchor(String mspId, String subject, String sha256, boolean pinned) {}
