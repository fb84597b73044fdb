package io.fapiao.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.InvoiceNumber.Form;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceNumberTest {
    @Test
    void theMofFormIsAnEightDigitBillCodeAndATenDigitNumber() {
        InvoiceNumber number = InvoiceNumber.parse("n", "44010126-0000000042");
        assertThat(number).isEqualTo(InvoiceNumber.ofBillCode("440101", 2026, 42));
        assertThat(number.form()).isEqualTo(Form.BILL_CODE);
        assertThat(number.billCode()).isEqualTo("44010126");
        assertThat(number.serial()).isEqualTo("0000000042");
        assertThat(number).hasToString("44010126-0000000042");
    }

    @Test
    void theYearIsTheBillCodesLastTwoDigitsSoEachYearHasItsOwnCode() {
        assertThat(InvoiceNumber.ofBillCode("440101", 2027, 1).billCode()).isEqualTo("44010127");
        assertThat(InvoiceNumber.ofBillCode("440101", 2000, 1)).hasToString("44010100-0000000001");
        assertThat(InvoiceNumber.parse("n", "44010199-0000000001").year()).isEqualTo(2099);
    }

    @Test
    void theSeriesFormOfEarlierInvoicesStillParses() {
        InvoiceNumber old = InvoiceNumber.parse("n", "FP01-2026-00000042");
        assertThat(old).isEqualTo(InvoiceNumber.ofSeries("FP01", 2026, 42));
        assertThat(old.form()).isEqualTo(Form.SERIES);
        assertThat(old.billCode()).isEqualTo("FP01-2026");
        assertThat(old.serial()).isEqualTo("00000042");
        assertThat(old).hasToString("FP01-2026-00000042");
    }

    @Test
    void aSixDigitSeriesIsStillTheSeriesForm() {
        InvoiceNumber old = InvoiceNumber.parse("n", "440101-2026-00000042");
        assertThat(old.form()).isEqualTo(Form.SERIES);
        assertThat(old).isNotEqualTo(InvoiceNumber.parse("n", "44010126-0000000042"));
    }

    @Test
    void eachFormHasItsOwnLargestSequence() {
        assertThat(InvoiceNumber.ofBillCode("440101", 2026, 9_999_999_999L)).hasToString("44010126-9999999999");
        assertThatThrownBy(() -> InvoiceNumber.ofBillCode("440101", 2026, 10_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9999999999");
        assertThat(InvoiceNumber.ofSeries("FP01", 2026, 99_999_999L)).hasToString("FP01-2026-99999999");
        assertThatThrownBy(() -> InvoiceNumber.ofSeries("FP01", 2026, 100_000_000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Form.BILL_CODE.maxSequence()).isEqualTo(9_999_999_999L);
        assertThat(Form.SERIES.maxSequence()).isEqualTo(99_999_999L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "44010126-0000000000",
                "44010126-000000042",
                "44010126-00000000042",
                "4401012-0000000042",
                "440101260-0000000042",
                "44010126 0000000042",
                "44010126-000000004a",
                "4401A126-0000000042",
                "44010126_0000000042",
                " 44010126-0000000042",
                "FP01-2026-00000000",
                "FP01-1999-00000001",
                "fp01-2026-00000001",
                "FP01-2026-0000001",
                "FP01-26-00000001",
                "ABCDEFGHIJKLM-2026-00000001"
            })
    void anythingElseIsRefusedWithTheFormsInTheMessage(String text) {
        assertThatThrownBy(() -> InvoiceNumber.parse("invoiceNumber", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invoiceNumber '" + text + "'")
                .hasMessageContaining("44010126-0000000042");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> InvoiceNumber.parse("n", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePrintedPartsReadWithOrWithoutSpaces() {
        InvoiceNumber number = InvoiceNumber.ofBillCode("440101", 2026, 42);
        assertThat(InvoiceNumber.parsePrinted("n", "44010126", "0000000042")).isEqualTo(number);
        assertThat(InvoiceNumber.parsePrinted("n", " 4401 0126 ", "00000 00042"))
                .isEqualTo(number);
        assertThatThrownBy(() -> InvoiceNumber.parsePrinted("n", "44010126", "42"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.parsePrinted("n", "FP01-2026", "00000042"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.parsePrinted("n", "44010126", "0000000000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.parsePrinted("n", null, "0000000042"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConstructorRefusesPartsOfTheWrongForm() {
        assertThatThrownBy(() -> InvoiceNumber.ofBillCode("FP01", 2026, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.ofBillCode("4401011", 2026, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.ofSeries("fp01", 2026, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.ofBillCode("440101", 2100, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.ofBillCode("440101", 2026, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void everyMofNumberReadsBackFromItsStringAndItsPrintedParts(
            @ForAll @IntRange(min = 0, max = 999_999) int prefix,
            @ForAll @IntRange(min = 2000, max = 2099) int year,
            @ForAll @LongRange(min = 1, max = 9_999_999_999L) long sequence) {
        InvoiceNumber number = InvoiceNumber.ofBillCode(String.format("%06d", prefix), year, sequence);
        assertThat(InvoiceNumber.parse("n", number.toString())).isEqualTo(number);
        assertThat(InvoiceNumber.parsePrinted("n", number.billCode(), number.serial()))
                .isEqualTo(number);
        assertThat(number.toString()).matches("[0-9]{8}-[0-9]{10}");
    }

    @Property
    void everySeriesNumberReadsBackFromItsString(
            @ForAll @IntRange(min = 2000, max = 2099) int year,
            @ForAll @LongRange(min = 1, max = 99_999_999L) long sequence) {
        InvoiceNumber number = InvoiceNumber.ofSeries("HN01", year, sequence);
        assertThat(InvoiceNumber.parse("n", number.toString())).isEqualTo(number);
    }

    @Test
    void aRangeContainsOnlyNumbersOfItsOwnFormAndItsJsonIsUnchanged() throws Exception {
        NumberRange mof = new NumberRange(
                "ISSUER-01", "440101", 2026, 1, 10, "44010126-0000000001", "44010126-0000000010", "Org1MSP", null);
        NumberRange old = new NumberRange(
                "ISSUER-01", "440101", 2026, 1, 10, "440101-2026-00000001", "440101-2026-00000010", "Org1MSP", null);
        InvoiceNumber newForm = InvoiceNumber.ofBillCode("440101", 2026, 5);
        InvoiceNumber oldForm = InvoiceNumber.ofSeries("440101", 2026, 5);
        assertThat(mof.contains(newForm)).isTrue();
        assertThat(mof.contains(oldForm)).isFalse();
        assertThat(old.contains(oldForm)).isTrue();
        assertThat(old.contains(newForm)).isFalse();
        assertThat(mof.contains(newForm.withSequence(11))).isFalse();
        assertThat(mof.contains(InvoiceNumber.ofBillCode("440101", 2027, 5))).isFalse();
        String json = Json.mapper().writeValueAsString(mof);
        assertThat(json).doesNotContain("numberForm");
        assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), NumberRange.class))
                .isEqualTo(mof);
    }
}
