package io.fapiao.verifier.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Violation;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReasonCodesTest {

    @Test
    void aBrokenBillCarriesEachDistinctRuleAfterInvalidBill() {
        ProtocolException invalid = new ProtocolException(
                ErrorCode.INVALID_BILL,
                "bill B breaks 3 rules",
                List.of(
                        new Violation("items[0].amount", "NEGATIVE_AMOUNT", "-1 fen"),
                        new Violation("total", "TOTAL_MISMATCH", "..."),
                        new Violation("items[3].amount", "NEGATIVE_AMOUNT", "-5 fen")));
        assertThat(ReasonCodes.of(invalid)).containsExactly("INVALID_BILL", "NEGATIVE_AMOUNT", "TOTAL_MISMATCH");
        assertThat(ReasonCodes.of(new ProtocolException(ErrorCode.NOT_A_RECIPIENT, "not for us")))
                .containsExactly("NOT_A_RECIPIENT");
    }

    @Test
    void codesStayWithinTheContractsLimits() {
        List<String> many = IntStream.range(0, 40).mapToObj(i -> "CODE_" + i).toList();
        assertThat(ReasonCodes.distinct(many)).hasSize(ReasonCodes.MAX).startsWith("CODE_0");
        assertThatThrownBy(() -> ReasonCodes.distinct(List.of("lower_case")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Verdict.Outcome.REJECTED, List.of(), null, "", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
