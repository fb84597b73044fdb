package io.fapiao.issuer.issuance;

import io.fapiao.service.identity.KeyProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The issuer's own settings beyond its ledger identity ({@code fapiao.identity}, which also opens
 * INTL bills and signs INTL invoice documents): its name on documents, the SM2 key that opens GM
 * bills and signs their documents, the certificate authorities whose bill signers it accepts, and
 * whether it issues every verified bill from the ledger's events.
 *
 * <pre>{@code
 * fapiao.issuer.name=Fapiao Development Issuer
 * fapiao.issuer.gm-identity.certificate=.fapiao/ledger/gm/issuer/cert.pem
 * fapiao.issuer.gm-identity.private-key=.fapiao/ledger/gm/issuer/key.pem
 * fapiao.issuer.trust.ca-certificates=.fapiao/ledger/crypto/.../HospitalOrg/msp/cacerts,.fapiao/ledger/gm/ca.pem
 * fapiao.issuer.workers=8
 * }</pre>
 *
 * @param name           the issuer's name as printed on invoices; required, so that no invoice carries a
 *                       name nobody chose for it
 * @param gmIdentity     the GM (SM2) key, shaped like {@code fapiao.identity}; unset: GM bills fail with
 *                       {@code ISSUER_KEY_MISSING}
 * @param trust          the certificate authorities of the bills' signers
 * @param issueVerified  whether to consume BillVerified events and issue every accepted bill
 * @param workers        how many verified bills are issued at the same time (each waits for its own
 *                       IssueInvoice to commit, so more workers than cores pays)
 * @param lease          how long a worker holds a bill before another worker (or process) may take it
 *                       up; longer than an issuance can take, ledger timeouts included
 */
@ConfigurationProperties("fapiao.issuer")
public record IssuerProperties(
        String name,
        KeyProperties gmIdentity,
        @DefaultValue Trust trust,
        @DefaultValue("true") boolean issueVerified,
        @DefaultValue("8") int workers,
        @DefaultValue("5m") Duration lease) {

    public IssuerProperties {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "fapiao.issuer.name is not set: name the issuer as its invoices " + "are to print it");
        }
    }

    /**
     * Whose signatures on sealed bills the issuer accepts.
     *
     * @param caCertificates PEM files, or folders of them (an MSP's {@code cacerts}), of the CAs that
     *                       certify bill signers: the hospitals' and enterprises' CAs and the GM seal CA
     */
    public record Trust(@DefaultValue List<Path> caCertificates) {}
}
