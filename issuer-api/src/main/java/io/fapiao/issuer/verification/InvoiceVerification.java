package io.fapiao.issuer.verification;

import io.fapiao.issuer.numbering.CheckCodes;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.InvoiceNumber;
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
 * <p>The number is presented as printed, bill code (票据代码) and number (票据号码) apart, or as its one
 * string ({@code 44010126-0000000042}, or {@code FP01-2026-00000042} for an invoice numbered in the old
 * form); spaces in any of them, as a reader copies grouped digits, do not matter.
 *
 * <pre>{@code
 * VerificationResult result = verification.verify("44010126-0000000042", "3820 1749 5620 1738 4950");
 * VerificationResult same = verification.verify("44010126", "0000000042", "38201749562017384950");
 * }</pre>
 */
@Service
public class InvoiceVerification {
    private static final Pattern CHECK_CODE = Pattern.compile("[A-Za-z0-9]{4,32}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final FapiaoLedger ledger;
    private final CheckCodes checkCodes;

    public InvoiceVerification(FapiaoLedger ledger, CheckCodes checkCodes) {
        this.ledger = ledger;
        this.checkCodes = checkCodes;
    }

    /** Verifies the number given as its one string, e.g. {@code 44010126-0000000042}. */
    public VerificationResult verify(String number, String checkCode) throws LedgerException {
        InvoiceNumber parsed;
        try {
            parsed = InvoiceNumber.parse("number", number == null ? null : strip(number));
        } catch (IllegalArgumentException e) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "INVALID_PARAMETER",
                    "number must be an invoice number such as 44010126-0000000042 (or, given with code, the "
                            + "10-digit number printed beside the bill code)");
        }
        return verify(parsed, checkCode);
    }

    /** Verifies the number given as printed: bill code (8 digits) and number (10 digits). */
    public VerificationResult verify(String billCode, String serial, String checkCode) throws LedgerException {
        InvoiceNumber parsed;
        try {
            parsed = InvoiceNumber.parsePrinted("number", billCode, serial);
        } catch (IllegalArgumentException e) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "INVALID_PARAMETER",
                    "code must be the 8-digit bill code (票据代码) and number the 10-digit number (票据号码) "
                            + "printed on the invoice, e.g. code=44010126&number=0000000042");
        }
        return verify(parsed, checkCode);
    }

    private VerificationResult verify(InvoiceNumber parsed, String presented) throws LedgerException {
        String checkCode = presented == null ? null : strip(presented);
        if (checkCode == null || !CHECK_CODE.matcher(checkCode).matches()) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "INVALID_PARAMETER",
                    "checkCode must be the 4 to 32 letters or digits printed on the invoice");
        }
        String number = parsed.toString();
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

    private static String strip(String text) {
        return WHITESPACE.matcher(text).replaceAll("");
    }
}
