package io.fapiao.protocol.bill;

import static io.fapiao.protocol.bill.InvoiceDraft.valid;
import static io.fapiao.protocol.bill.InvoiceDraft.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class InvoiceRequestValidationTest {

    static List<String> found(InvoiceRequest request) {
        return request.violations().stream().map(v -> v.path() + " " + v.code()).toList();
    }

    static ListAssert<String> assertFound(InvoiceRequest request) {
        return assertThat(found(request));
    }

    @Test
    void theBaseRequestIsValid() {
        assertThat(valid().violations()).isEmpty();
        assertThatCode(() -> valid().requireValid()).doesNotThrowAnyException();
    }

    @Test
    void theJavadocExampleIsValid() {
        InvoiceRequest request = new InvoiceRequest(
                "ORD-20240315-0001",
                new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9W"),
                new InvoiceParty("王芳", null),
                "2024-03-15T14:05:09+08:00",
                List.of(new InvoiceLine("*图书*现代汉语词典", "1", "82.568807", "0.09", 8_257, 743)),
                8_257,
                743,
                9_000,
                null);
        assertThat(request.violations()).isEmpty();
        assertThat(new InvoiceLine("*计算机*笔记本电脑", "2", "5309.734513", "0.13", 1_061_947, 138_053))
                .isEqualTo(valid().lines().getFirst());
    }

    // --- REQUIRED, TOO_LONG, BAD_FORMAT, BAD_CHECK_DIGIT ----------------------------------------

    @Test
    void requiredFields() {
        assertFound(with(d -> d.requestId = null)).containsExactly("requestId REQUIRED");
        assertFound(with(d -> d.seller = null)).containsExactly("seller REQUIRED");
        assertFound(with(d -> d.buyer = null)).containsExactly("buyer REQUIRED");
        assertFound(with(d -> d.seller = new InvoiceParty("杭州云帆科技有限公司", null))).containsExactly("seller.uscc REQUIRED");
        assertFound(with(d -> d.seller = new InvoiceParty(" ", "91330106MA2H2L7X9W")))
                .containsExactly("seller.name REQUIRED");
        assertFound(with(d -> d.buyer = new InvoiceParty(null, null))).containsExactly("buyer.name REQUIRED");
        assertFound(with(d -> d.issuedAt = "")).containsExactly("issuedAt REQUIRED");
        assertFound(with(d -> d.lines = null)).containsExactly("lines REQUIRED");
        assertFound(with(d -> d.line(1).name = null)).containsExactly("lines[1].name REQUIRED");
        assertFound(with(d -> d.line(1).quantity = null)).containsExactly("lines[1].quantity REQUIRED");
        assertFound(with(d -> d.line(1).unitPrice = null)).containsExactly("lines[1].unitPrice REQUIRED");
        assertFound(with(d -> d.line(1).taxRate = null)).containsExactly("lines[1].taxRate REQUIRED");
    }

    @Test
    void anIndividualBuyerNeedsNoUscc() {
        assertFound(with(d -> d.buyer = new InvoiceParty("王芳", null))).isEmpty();
        assertFound(with(d -> d.remarks = null)).isEmpty();
    }

    @Test
    void aBuyerUsccIsCheckedWhenPresent() {
        assertFound(with(d -> d.buyer = new InvoiceParty("福州市鼓楼区人民医院", "91350100M000100Y44")))
                .containsExactly("buyer.uscc BAD_CHECK_DIGIT");
        assertFound(with(d -> d.buyer = new InvoiceParty("福州市鼓楼区人民医院", "91350100M000100Y4")))
                .containsExactly("buyer.uscc BAD_FORMAT");
        assertFound(with(d -> d.buyer = new InvoiceParty("王芳", ""))).containsExactly("buyer.uscc BAD_FORMAT");
    }

    @Test
    void sellerUsccMustBeValid() {
        assertFound(with(d -> d.seller = new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9X")))
                .containsExactly("seller.uscc BAD_CHECK_DIGIT");
        assertFound(with(d -> d.seller = new InvoiceParty("杭州云帆科技有限公司", "91330106ma2h2l7x9w")))
                .containsExactly("seller.uscc BAD_FORMAT");
    }

    @Test
    void lengthLimits() {
        assertFound(with(d -> d.requestId = "R".repeat(64))).isEmpty();
        assertFound(with(d -> d.requestId = "R".repeat(65))).containsExactly("requestId TOO_LONG");
        assertFound(with(d -> d.seller = new InvoiceParty("公".repeat(101), "91330106MA2H2L7X9W")))
                .containsExactly("seller.name TOO_LONG");
        assertFound(with(d -> d.line(0).name = "机".repeat(101))).containsExactly("lines[0].name TOO_LONG");
        assertFound(with(d -> d.remarks = "备".repeat(501))).containsExactly("remarks TOO_LONG");
    }

    @Test
    void formats() {
        assertFound(with(d -> d.requestId = "ORD 1")).containsExactly("requestId BAD_FORMAT");
        assertFound(with(d -> d.line(0).name = "*计算机*\t笔记本电脑")).containsExactly("lines[0].name BAD_FORMAT");
        assertFound(with(d -> d.buyer = new InvoiceParty("王芳 ", null))).containsExactly("buyer.name BAD_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-15T14:05:09.5+08:00", "2024-03-15T14:05:09", "2024-03-32T14:05:09Z"})
    void badTimestamps(String issuedAt) {
        assertFound(with(d -> d.issuedAt = issuedAt)).containsExactly("issuedAt BAD_TIMESTAMP");
    }

    // --- lines ----------------------------------------------------------------------------------

    @Test
    void aRequestNeedsLines() {
        assertFound(with(d -> d.lines = new ArrayList<>())).containsExactly("lines NO_ITEMS");
    }

    @Test
    void aRequestHoldsAtMostAThousandLines() {
        assertFound(ofBooks(1000)).isEmpty();
        assertFound(ofBooks(1001)).containsExactly("lines TOO_MANY_ITEMS");
    }

    static InvoiceRequest ofBooks(int count) {
        InvoiceLine book = new InvoiceLine("*图书*现代汉语词典", "1", "82.568807", "0.09", 8_257, 743);
        return new InvoiceRequest(
                "R1",
                valid().seller(),
                valid().buyer(),
                valid().issuedAt(),
                Collections.nCopies(count, book),
                8_257L * count,
                743L * count,
                9_000L * count,
                null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "2.0000001", "1e2", "02"})
    void badQuantities(String quantity) {
        assertFound(with(d -> d.line(0).quantity = quantity)).containsExactly("lines[0].quantity BAD_QUANTITY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5309.734513", "5309.7345131", "5,309.73", "¥5309.73"})
    void badPrices(String unitPrice) {
        assertFound(with(d -> d.line(0).unitPrice = unitPrice)).containsExactly("lines[0].unitPrice BAD_PRICE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.130", "13%", "0.17", "0.16", "0.10", ".13", "0.00", "1"})
    void taxRatesComeFromTheFixedSetSpeltExactly(String taxRate) {
        assertFound(with(d -> d.line(0).taxRate = taxRate)).containsExactly("lines[0].taxRate UNKNOWN_TAX_RATE");
    }

    @Test
    void everyListedTaxRateIsAccepted() {
        for (String rate : InvoiceLine.TAX_RATES) {
            long tax = InvoiceRequestRules.tax(8_257, new java.math.BigDecimal(rate))
                    .longValueExact();
            InvoiceRequest request = new InvoiceRequest(
                    "R1",
                    valid().seller(),
                    valid().buyer(),
                    valid().issuedAt(),
                    List.of(new InvoiceLine("*图书*现代汉语词典", "1", "82.568807", rate, 8_257, tax)),
                    8_257,
                    tax,
                    8_257 + tax,
                    null);
            assertFound(request).as(rate).isEmpty();
        }
    }

    @Test
    void lineAmountMustBeQuantityTimesPrice() {
        InvoiceRequest request = with(d -> {
            d.line(0).amount -= 1;
            d.line(0).tax = 138_053; // 1061946 × 0.13 = 138052.98 → still 138053
            d.totalAmount -= 1;
            d.totalWithTax -= 1;
        });
        assertFound(request).containsExactly("lines[0].amount AMOUNT_MISMATCH");
        assertThat(request.violations().getFirst().message())
                .startsWith("amount 1061946 fen ≠ quantity 2 × unit price 5309.734513 yuan = 1061947 fen");
    }

    @Test
    void lineTaxMustBeAmountTimesRateRoundedHalfUp() {
        InvoiceRequest request = with(d -> {
            d.line(1).tax += 1;
            d.totalTax += 1;
            d.totalWithTax += 1;
        });
        assertFound(request).containsExactly("lines[1].tax TAX_MISMATCH");
        assertThat(request.violations().getFirst().message())
                .contains("744")
                .contains("743")
                .contains("0.09");
    }

    @Test
    void taxRoundsHalfUp() {
        // 50 fen × 0.01 = 0.5 fen → 1 fen; 49 fen × 0.01 = 0.49 fen → 0 fen
        assertFound(oneLine("1", "0.50", "0.01", 50, 1)).isEmpty();
        assertFound(oneLine("1", "0.50", "0.01", 50, 0)).containsExactly("lines[0].tax TAX_MISMATCH");
        assertFound(oneLine("1", "0.49", "0.01", 49, 0)).isEmpty();
    }

    static InvoiceRequest oneLine(String quantity, String unitPrice, String taxRate, long amount, long tax) {
        return new InvoiceRequest(
                "R1",
                valid().seller(),
                valid().buyer(),
                valid().issuedAt(),
                List.of(new InvoiceLine("*劳务*保洁服务", quantity, unitPrice, taxRate, amount, tax)),
                amount,
                tax,
                amount + tax,
                null);
    }

    @Test
    void negativeAmountsAndTaxes() {
        assertFound(oneLine("1", "0", "0", 0, -1))
                .containsExactly(
                        "lines[0].tax NEGATIVE_AMOUNT",
                        "lines[0].tax TAX_MISMATCH",
                        "totalTax NEGATIVE_AMOUNT",
                        "totalWithTax NEGATIVE_AMOUNT");
    }

    @Test
    void amountsAboveTheLimitAreTooLarge() {
        long amount = Bill.MAX_AMOUNT_FEN + 1000; // 1000 × 10 000 000 000.01 yuan
        assertFound(oneLine("1000", "10000000000.01", "0", amount, 0))
                .containsExactly(
                        "lines[0].amount AMOUNT_TOO_LARGE",
                        "totalAmount AMOUNT_TOO_LARGE",
                        "totalWithTax AMOUNT_TOO_LARGE");
    }

    // --- totals ---------------------------------------------------------------------------------

    @Test
    void totalsMustBeTheSumsOfTheLines() {
        assertFound(with(d -> {
                    d.totalAmount += 1;
                    d.totalWithTax += 1;
                }))
                .containsExactly("totalAmount TOTAL_MISMATCH");
        assertFound(with(d -> {
                    d.totalTax -= 1;
                    d.totalWithTax -= 1;
                }))
                .containsExactly("totalTax TOTAL_MISMATCH");
        assertFound(with(d -> d.totalWithTax += 1)).containsExactly("totalWithTax TOTAL_MISMATCH");
    }

    @Test
    void totalWithTaxIsCheckedAgainstTheDeclaredTotals() {
        assertFound(with(d -> d.totalAmount += 100))
                .containsExactly("totalAmount TOTAL_MISMATCH", "totalWithTax TOTAL_MISMATCH");
    }

    // --- everything at once, extremes -----------------------------------------------------------

    @Test
    void everyViolationIsReported() {
        InvoiceRequest request = with(d -> {
            d.requestId = "";
            d.seller = new InvoiceParty("杭州云帆科技有限公司", "91330106MA2H2L7X9X");
            d.issuedAt = "2024-03-15";
            d.line(0).taxRate = "0.17";
            d.line(1).quantity = "-1";
            d.line(1).tax = 0;
            d.totalWithTax = 0;
        });
        assertFound(request)
                .containsExactly(
                        "requestId REQUIRED",
                        "seller.uscc BAD_CHECK_DIGIT",
                        "issuedAt BAD_TIMESTAMP",
                        "lines[0].taxRate UNKNOWN_TAX_RATE",
                        "lines[1].quantity BAD_QUANTITY",
                        "lines[1].tax TAX_MISMATCH",
                        "totalTax TOTAL_MISMATCH",
                        "totalWithTax TOTAL_MISMATCH");
    }

    @Test
    void extremeAmountsGiveViolationsNotExceptions() {
        InvoiceRequest request = with(d -> {
            d.line(0).amount = Long.MAX_VALUE;
            d.line(0).tax = Long.MAX_VALUE;
            d.line(1).amount = Long.MAX_VALUE;
            d.line(1).tax = Long.MIN_VALUE;
            d.totalAmount = Long.MAX_VALUE;
            d.totalTax = Long.MAX_VALUE;
            d.totalWithTax = Long.MIN_VALUE;
        });
        assertThatCode(request::violations).doesNotThrowAnyException();
        assertThat(found(request))
                .contains(
                        "lines[0].amount AMOUNT_TOO_LARGE",
                        "lines[1].tax NEGATIVE_AMOUNT",
                        "totalAmount TOTAL_MISMATCH",
                        "totalWithTax TOTAL_MISMATCH");
    }

    // --- parse and JSON -------------------------------------------------------------------------

    @Test
    void parseRoundTripsAValidRequest() throws Exception {
        for (InvoiceRequest request : List.of(
                valid(),
                with(d -> d.buyer = new InvoiceParty("王芳", null)),
                SampleBills.invoiceRequest(11, "91330106MA2H2L7X9W"))) {
            byte[] json = Json.mapper().writeValueAsBytes(request);
            assertThat(InvoiceRequest.parse(json)).isEqualTo(request);
            assertThat(Json.read(json, InvoiceRequest.class)).isEqualTo(request);
        }
    }

    @Test
    void jsonFieldNamesAreExactlyTheDocumentedOnes() throws Exception {
        JsonNode tree = Json.mapper()
                .readTree(Json.mapper().writeValueAsBytes(with(d -> d.buyer = new InvoiceParty("王芳", null))));
        assertThat(BillValidationTest.names(tree))
                .containsExactlyInAnyOrder(
                        "requestId",
                        "seller",
                        "buyer",
                        "issuedAt",
                        "lines",
                        "totalAmount",
                        "totalTax",
                        "totalWithTax",
                        "remarks");
        assertThat(BillValidationTest.names(tree.get("seller"))).containsExactlyInAnyOrder("name", "uscc");
        assertThat(BillValidationTest.names(tree.get("buyer"))).containsExactly("name");
        assertThat(BillValidationTest.names(tree.get("lines").get(0)))
                .containsExactlyInAnyOrder("name", "quantity", "unitPrice", "taxRate", "amount", "tax");
    }

    @Test
    void parseOfARuleBreakingRequestIsInvalidBill() {
        byte[] json = Json.mapper().writeValueAsBytes(with(d -> d.totalWithTax += 1));
        assertThatThrownBy(() -> InvoiceRequest.parse(json)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
            assertThat(e.violations()).extracting(Violation::path).containsExactly("totalWithTax");
            assertThat(e.getMessage()).contains("ORD-20240315-0001").contains("1 rule:");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "[]", "{\"requestId\":\"R1\"}"})
    void parseOfBadJsonIsMalformed(String json) {
        assertMalformed(json);
    }

    @Test
    void unknownFieldsAndCoercionsAreMalformed() {
        String json = new String(Json.mapper().writeValueAsBytes(valid()), StandardCharsets.UTF_8);
        assertMalformed(json.replaceFirst("\\{", "{\"currency\":\"CNY\","));
        assertMalformed(json.replace("\"seller\":{", "\"seller\":{\"address\":\"杭州\","));
        assertMalformed(json.replace("\"lines\":[{", "\"lines\":[{\"unit\":\"台\","));
        assertMalformed(json.replace("\"taxRate\":\"0.13\"", "\"taxRate\":0.13"));
        assertMalformed(json.replace("\"tax\":743", "\"tax\":743.0"));
        assertMalformed(json.replace("\"totalTax\":138796", "\"totalTax\":\"138796\""));
    }

    static void assertMalformed(String json) {
        assertThatThrownBy(() -> InvoiceRequest.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }

    @Test
    void linesAreCopiedAndUnmodifiable() {
        List<InvoiceLine> lines = new ArrayList<>(valid().lines());
        InvoiceRequest request = new InvoiceRequest(
                "R1",
                valid().seller(),
                valid().buyer(),
                valid().issuedAt(),
                lines,
                1_070_204,
                138_796,
                1_209_000,
                null);
        lines.clear();
        assertThat(request.lines()).hasSize(2);
        assertThatThrownBy(() -> request.lines().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
