package io.fapiao.issuer.verification;

import io.fapiao.issuer.numbering.CheckCodes;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.service.problem.RequestRefused;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Public verification of an invoice by number and check code, against the ledger itself (not this
 * service's database), so the answer is what the consortium recorded. The ledger holds only the
 * code's digest under this issuer's key, so the presented code is digested and compared with it (in
 * constant time); the digest itself, which every ledger reader sees, is no code. Only invoices whose
 * digest this issuer made verify here. An unknown number and a wrong check code get the same answer,
 * so the endpoint cannot be used to find out which numbers exist.
 *
 * <pre>{@code
 * VerificationResult result = verification.verify("HN01-2026-00000042", "38201749562017384950");
 * }</pre>
 */
@Service
public class InvoiceVerification {
    private static final Pattern NUMBER = Pattern.compile("[A-Z0-9]{1,12}-20[0-9]{2}-[0-9]{8}");
    private static final Pattern CHECK_CODE = Pattern.compile("[A-Za-z0-9]{4,32}");

    private final FapiaoLedger ledger;
    private final CheckCodes checkCodes;

    public InvoiceVerification(FapiaoLedger ledger, CheckCodes checkCodes) {
        this.ledger = ledger;
        this.checkCodes = checkCodes;
    }

    public VerificationResult verify(String number, String checkCode) throws LedgerException {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "INVALID_PARAMETER",
                    "number must be an invoice number such as HN01-2026-00000042");
        }
        if (checkCode == null || !CHECK_CODE.matcher(checkCode).matches()) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "INVALID_PARAMETER",
                    "checkCode must be the 4 to 32 letters or digits printed on the invoice");
        }
        InvoiceRecord invoice;
        try {
            invoice = ledger.invoice(number);
        } catch (ChaincodeRejection e) {
            if (e.code().equals("NOT_FOUND")) {
                return VerificationResult.invalid(number);
            }
            throw e;
        }
        if (!checkCodes.matches(invoice.invoiceNumber(), checkCode, invoice.checkCodeDigest())) {
            return VerificationResult.invalid(number);
        }
        return new VerificationResult(
                true,
                invoice.invoiceNumber(),
                invoice.kind().name(),
                invoice.state().name(),
                invoice.documentHash(),
                invoice.issued() == null ? null : invoice.issued().at(),
                invoice.issuerId(),
                invoice.reversal() == null ? null : invoice.reversal().redInvoiceNumber());
    }
}
