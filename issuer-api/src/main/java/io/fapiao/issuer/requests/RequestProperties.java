package io.fapiao.issuer.requests;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who besides the issuer may read the invoice requests it seals on enterprise clients' behalf: the
 * finance bureau, which verifies every request as it verifies bills.
 *
 * <pre>{@code
 * fapiao.issuer.requests.finance-certificate=.fapiao/ledger/crypto/FinanceOrg/users/verifier1/msp/signcerts/cert.pem
 * }</pre>
 *
 * @param financeCertificate PEM file of the finance bureau's INTL (P-256) recipient certificate
 */
@ConfigurationProperties("fapiao.issuer.requests")
public record RequestProperties(Path financeCertificate) {}
