package io.fapiao.issuer.issuance;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Why an invoice may be reversed by a red-letter invoice (红字发票): the four reasons of the red-letter
 * confirmation form (红字发票信息确认单), and nothing else. A reversal asked for any other reason is
 * refused before anything is numbered or signed ({@code UNKNOWN_REVERSAL_REASON}), rather than recorded
 * on the ledger under a code nobody downstream (tax filing, the claims process) knows how to read.
 * The code is what the red document prints and the ledger records in {@code ReverseInvoice}.
 *
 * <pre>{@code
 * RedLetterReason reason = RedLetterReason.parse(request.reasonCode());   // SALES_RETURN
 * issuance.reverse(number, reason.name());
 * }</pre>
 */
public enum RedLetterReason {
    /** 开票有误: the invoice was made out wrongly (buyer, items, amounts); a correct one is issued afterwards. */
    BILLING_ERROR("开票有误"),
    /** 销货退回: the goods were returned. */
    SALES_RETURN("销货退回"),
    /** 服务中止: the service was stopped before it was completed. */
    SERVICE_SUSPENSION("服务中止"),
    /** 销售折让: a discount granted after the sale. */
    SALES_DISCOUNT("销售折让");

    /** What the ledger takes as a reason code; anything else is not a code at all. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final String chinese;

    RedLetterReason(String chinese) {
        this.chinese = chinese;
    }

    /** The reason's name on the confirmation form, e.g. 销货退回. */
    public String chinese() {
        return chinese;
    }

    /** Every code, in the form's order: what the documentation and a refusal list. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }

    /**
     * The reason named by {@code code}, exactly (upper case).
     *
     * @throws IssuanceException MALFORMED when there is no code or it is not of the form
     *     {@code [A-Z][A-Z0-9_]{0,63}} (as before the set was closed); UNKNOWN_REVERSAL_REASON when it is a
     *     code but not one of the four
     */
    public static RedLetterReason parse(String code) throws IssuanceException {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IssuanceException(
                    "MALFORMED",
                    IssuanceException.Step.READ_LEDGER,
                    false,
                    "reasonCode "
                            + (code == null ? "is required" : "'" + shortened(code) + "' is not an upper-case code")
                            + ": use one of " + codes());
        }
        for (RedLetterReason reason : values()) {
            if (reason.name().equals(code)) {
                return reason;
            }
        }
        throw new IssuanceException(
                "UNKNOWN_REVERSAL_REASON",
                IssuanceException.Step.READ_LEDGER,
                false,
                "reasonCode '" + code + "' is not a red-letter reason; use one of " + codes()
                        + " (开票有误, 销货退回, 服务中止, 销售折让)");
    }

    private static String shortened(String code) {
        return code.length() > 64 ? code.substring(0, 64) + "..." : code;
    }
}
