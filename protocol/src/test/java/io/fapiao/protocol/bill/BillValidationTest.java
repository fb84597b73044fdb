package io.fapiao.protocol.bill;

import static io.fapiao.protocol.bill.BillDraft.valid;
import static io.fapiao.protocol.bill.BillDraft.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class BillValidationTest {

    /** The violations as "path CODE", which is what the rules promise to keep stable. */
    static List<String> found(Bill bill) {
        return bill.violations().stream().map(v -> v.path() + " " + v.code()).toList();
    }

    static ListAssert<String> assertFound(Bill bill) {
        return assertThat(found(bill));
    }

    static String text(int codePoints, String unit) {
        return unit.repeat(codePoints);
    }

    @Test
    void theBaseBillIsValid() {
        assertThat(valid().violations()).isEmpty();
        assertThatCode(() -> valid().requireValid()).doesNotThrowAnyException();
    }

    @Test
    void theJavadocExampleIsValid() throws Exception {
        String json = """
                {"billCode":"11060124","billId":"0000012345","issuerId":"121101054000012809",
                 "issuerName":"北京市朝阳区第一人民医院","issuedAt":"2024-03-15T09:30:00+08:00",
                 "payer":{"name":"张伟","idType":"RESIDENT_ID","idNumber":"11010519491231002X"},
                 "items":[{"code":"110200001","name":"普通门诊诊查费","category":"REGISTRATION",
                           "quantity":"1","unitPrice":"10.00","amount":1000}],
                 "total":1000,"insurance":{"fundPaid":0,"personalAccount":600,"personalCash":400},
                 "payeeClerk":"李娜"}
                """;
        assertThat(Bill.parse(json.getBytes(StandardCharsets.UTF_8)).remarks()).isNull();
    }

    // --- REQUIRED -------------------------------------------------------------------------------

    @Test
    void missingTopLevelFieldsAreRequired() {
        assertFound(with(d -> d.billCode = null)).containsExactly("billCode REQUIRED");
        assertFound(with(d -> d.billId = "")).containsExactly("billId REQUIRED");
        assertFound(with(d -> d.issuerId = null)).containsExactly("issuerId REQUIRED");
        assertFound(with(d -> d.issuerName = " \u3000 ")).containsExactly("issuerName REQUIRED");
        assertFound(with(d -> d.issuedAt = null)).containsExactly("issuedAt REQUIRED");
        assertFound(with(d -> d.payer = null)).containsExactly("payer REQUIRED");
        assertFound(with(d -> d.items = null)).containsExactly("items REQUIRED");
        assertFound(with(d -> d.noInsurance = true)).containsExactly("insurance REQUIRED");
        assertFound(with(d -> d.payeeClerk = "\t")).containsExactly("payeeClerk REQUIRED");
    }

    @Test
    void missingNestedFieldsAreRequiredAtTheirPath() {
        assertFound(with(d -> d.payer.name = null)).containsExactly("payer.name REQUIRED");
        assertFound(with(d -> d.payer.idType = "")).containsExactly("payer.idType REQUIRED");
        assertFound(with(d -> d.payer.idNumber = null)).containsExactly("payer.idNumber REQUIRED");
        assertFound(with(d -> d.item(2).code = null)).containsExactly("items[2].code REQUIRED");
        assertFound(with(d -> d.item(2).name = " ")).containsExactly("items[2].name REQUIRED");
        assertFound(with(d -> d.item(2).category = null)).containsExactly("items[2].category REQUIRED");
        assertFound(with(d -> d.item(1).quantity = null)).containsExactly("items[1].quantity REQUIRED");
        assertFound(with(d -> d.item(1).unitPrice = "")).containsExactly("items[1].unitPrice REQUIRED");
    }

    @Test
    void remarksAreOptional() {
        assertFound(with(d -> d.remarks = null)).isEmpty();
    }

    // --- TOO_LONG -------------------------------------------------------------------------------

    @Test
    void textLongerThanItsLimitIsTooLong() {
        assertFound(with(d -> d.billId = text(64, "A"))).isEmpty();
        assertFound(with(d -> d.billId = text(65, "A"))).containsExactly("billId TOO_LONG");
        assertFound(with(d -> d.issuerName = text(100, "医"))).isEmpty();
        assertFound(with(d -> d.issuerName = text(101, "医"))).containsExactly("issuerName TOO_LONG");
        assertFound(with(d -> d.payer.name = text(50, "张"))).isEmpty();
        assertFound(with(d -> d.payer.name = text(51, "张"))).containsExactly("payer.name TOO_LONG");
        assertFound(with(d -> d.item(0).code = text(51, "1"))).containsExactly("items[0].code TOO_LONG");
        assertFound(with(d -> d.item(0).name = text(101, "药"))).containsExactly("items[0].name TOO_LONG");
        assertFound(with(d -> d.payeeClerk = text(33, "李"))).containsExactly("payeeClerk TOO_LONG");
        assertFound(with(d -> d.remarks = text(500, "备"))).isEmpty();
        assertFound(with(d -> d.remarks = text(501, "备"))).containsExactly("remarks TOO_LONG");
    }

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        // U+20BB7 𠮷 is two UTF-16 units but one character.
        assertFound(with(d -> d.payer.name = text(50, "𠮷"))).isEmpty();
        assertFound(with(d -> d.payer.name = text(51, "𠮷"))).containsExactly("payer.name TOO_LONG");
    }

    @Test
    void anOtherIdNumberHasALengthLimit() {
        assertFound(with(d -> {
                    d.payer.idType = "OTHER";
                    d.payer.idNumber = text(33, "9");
                }))
                .containsExactly("payer.idNumber TOO_LONG");
    }

    // --- BAD_FORMAT -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"3506012", "350601245", "3506012A", "３５060124", " 35060124"})
    void billCodeMustBeEightDigits(String billCode) {
        assertFound(with(d -> d.billCode = billCode)).containsExactly("billCode BAD_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZ 2024", "MZ/2024", "门诊2024", "MZ2024\n"})
    void billIdIsAsciiLettersDigitsDotUnderscoreHyphen(String billId) {
        assertFound(with(d -> d.billId = billId)).containsExactly("billId BAD_FORMAT");
    }

    @Test
    void billIdMayUseEveryAllowedCharacter() {
        assertFound(with(d -> d.billId = "Az09._-")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y4", "91350100m000100y43", "91350100M000100I43"})
    void issuerIdMustLookLikeAUscc(String issuerId) {
        assertFound(with(d -> d.issuerId = issuerId)).containsExactly("issuerId BAD_FORMAT");
    }

    @Test
    void textMustNotHaveControlCharactersOrSurroundingWhitespace() {
        assertFound(with(d -> d.issuerName = "福州市\u0000鼓楼区人民医院")).containsExactly("issuerName BAD_FORMAT");
        assertFound(with(d -> d.issuerName = " 福州市鼓楼区人民医院")).containsExactly("issuerName BAD_FORMAT");
        assertFound(with(d -> d.item(0).name = "普通门诊诊查费\n")).containsExactly("items[0].name BAD_FORMAT");
        assertFound(with(d -> d.payer.name = "张\uD800伟")).containsExactly("payer.name BAD_FORMAT");
        assertFound(with(d -> d.payeeClerk = "李娜\u3000")).containsExactly("payeeClerk BAD_FORMAT");
    }

    @Test
    void remarksMayHaveLineFeedsButNotOtherControlCharactersOrBeBlank() {
        assertFound(with(d -> d.remarks = "门诊号:MZ1\n科室:内科")).isEmpty();
        assertFound(with(d -> d.remarks = "门诊号:MZ1\r\n科室:内科")).containsExactly("remarks BAD_FORMAT");
        assertFound(with(d -> d.remarks = "  ")).containsExactly("remarks BAD_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XJ01 CAA040", "药品001", "XJ01/CAA"})
    void itemCodeIsAsciiLettersDigitsDotUnderscoreHyphen(String code) {
        assertFound(with(d -> d.item(1).code = code)).containsExactly("items[1].code BAD_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101051949123100", "11010519491231002x", "11010519491231002XX", "11010519490230002X"})
    void residentIdMustBeWellFormed(String idNumber) {
        assertFound(with(d -> d.payer.idNumber = idNumber)).containsExactly("payer.idNumber BAD_FORMAT");
    }

    @Test
    void payerCannotBeBornAfterTheBillWasIssued() {
        String first17 = "11010520240316001";
        String bornNextDay = first17 + ResidentId.checkDigit(first17);
        assertThat(ResidentId.isValid(bornNextDay)).isTrue();
        assertFound(with(d -> d.payer.idNumber = bornNextDay)).containsExactly("payer.idNumber BAD_FORMAT");
        String sameDay = "11010520240315001" + ResidentId.checkDigit("11010520240315001");
        assertFound(with(d -> d.payer.idNumber = sameDay)).isEmpty();
    }

    @Test
    void passportNumbersAreFiveToTwentyCapitalsAndDigits() {
        assertFound(with(d -> {
                    d.payer.idType = "PASSPORT";
                    d.payer.idNumber = "E12345678";
                }))
                .isEmpty();
        for (String bad : List.of("e12345678", "E123", "E1234567890123456789X", "E 1234567")) {
            assertFound(with(d -> {
                        d.payer.idType = "PASSPORT";
                        d.payer.idNumber = bad;
                    }))
                    .as(bad)
                    .containsExactly("payer.idNumber BAD_FORMAT");
        }
    }

    // --- BAD_CHECK_DIGIT ------------------------------------------------------------------------

    @Test
    void wrongCheckCharactersAreBadCheckDigits() {
        assertFound(with(d -> d.issuerId = "91350100M000100Y44")).containsExactly("issuerId BAD_CHECK_DIGIT");
        assertFound(with(d -> d.payer.idNumber = "110105194912310021"))
                .containsExactly("payer.idNumber BAD_CHECK_DIGIT");
    }

    // --- NEGATIVE_AMOUNT and AMOUNT_TOO_LARGE ---------------------------------------------------

    @Test
    void negativeInsurancePartIsNegativeAmount() {
        assertFound(with(d -> {
                    d.fundPaid = -100;
                    d.personalCash += 2100;
                }))
                .containsExactly("insurance.fundPaid NEGATIVE_AMOUNT");
    }

    @Test
    void negativeItemAmountIsNegativeAmountAsWellAsAMismatch() {
        assertFound(with(d -> d.shiftItemAmount(0, -1001)))
                .containsExactly("items[0].amount NEGATIVE_AMOUNT", "items[0].amount AMOUNT_MISMATCH");
    }

    @Test
    void negativeTotalIsNegativeAmount() {
        Bill bill = with(d -> {
            d.item(0).unitPrice = "0";
            d.item(0).amount = 0;
            d.item(1).unitPrice = "0";
            d.item(1).amount = 0;
            d.item(2).unitPrice = "0";
            d.item(2).amount = 0;
            d.total = -1;
            d.fundPaid = 0;
            d.personalAccount = 0;
            d.personalCash = -1;
        });
        assertFound(bill)
                .containsExactly(
                        "total NEGATIVE_AMOUNT", "total TOTAL_MISMATCH", "insurance.personalCash NEGATIVE_AMOUNT");
    }

    @Test
    void amountsAboveTheLimitAreTooLarge() {
        // 1000 × 10 000 000 000.00 yuan = 10^13 yuan = 10^15 fen, exactly the limit.
        Bill atLimit = single("1000", "10000000000.00", Bill.MAX_AMOUNT_FEN);
        assertFound(atLimit).isEmpty();
        Bill over = single("1000", "10000000000.01", Bill.MAX_AMOUNT_FEN + 1000);
        assertFound(over)
                .containsExactly(
                        "items[0].amount AMOUNT_TOO_LARGE",
                        "total AMOUNT_TOO_LARGE",
                        "insurance.personalCash AMOUNT_TOO_LARGE");
    }

    static Bill single(String quantity, String unitPrice, long amount) {
        return with(d -> {
            d.items = new ArrayList<>(List.of(d.item(0)));
            d.item(0).quantity = quantity;
            d.item(0).unitPrice = unitPrice;
            d.item(0).amount = amount;
            d.total = amount;
            d.fundPaid = 0;
            d.personalAccount = 0;
            d.personalCash = amount;
        });
    }

    // --- BAD_QUANTITY and BAD_PRICE -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "0.000",
                "-1",
                "+2",
                "2.",
                ".5",
                "02",
                "1e3",
                "2.0000001",
                "1,000",
                "２",
                "2 ",
                "1000000000000",
                "NaN",
                "Infinity"
            })
    void badQuantities(String quantity) {
        assertFound(with(d -> d.item(1).quantity = quantity)).containsExactly("items[1].quantity BAD_QUANTITY");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-12.50",
                "+12.50",
                "12.5000001",
                "1,250.00",
                "12.",
                ".5",
                "012.50",
                "1.25e1",
                "１２.50",
                "1000000000000.00",
                "12.50 "
            })
    void badPrices(String unitPrice) {
        assertFound(with(d -> d.item(1).unitPrice = unitPrice)).containsExactly("items[1].unitPrice BAD_PRICE");
    }

    @Test
    void freeItemsAndFractionalQuantitiesAreFine() {
        assertFound(single("1", "0", 0)).isEmpty();
        assertFound(single("0.5", "0.00", 0)).isEmpty();
        // 999 999.999999999999 yuan → 99 999 999.9999999999 fen → 100 000 000 fen
        assertFound(single("999999999999.999999", "0.000001", 100_000_000)).isEmpty();
    }

    // --- AMOUNT_MISMATCH ------------------------------------------------------------------------

    @Test
    void itemAmountMustBeQuantityTimesPrice() {
        Bill bill = with(d -> d.shiftItemAmount(1, 1));
        assertFound(bill).containsExactly("items[1].amount AMOUNT_MISMATCH");
        assertThat(bill.violations().getFirst().message())
                .startsWith("amount 2501 fen ≠ quantity 2 × unit price 12.50 yuan = 2500 fen");
    }

    @Test
    void itemAmountIsRoundedHalfUp() {
        // 3 × 0.3650 yuan = 1.095 yuan = 109.5 fen → 110 fen
        assertFound(single("3", "0.3650", 110)).isEmpty();
        assertFound(single("3", "0.3650", 109)).containsExactly("items[0].amount AMOUNT_MISMATCH");
        // 0.004999 yuan = 0.4999 fen → 0 fen; 0.005 yuan = 0.5 fen → 1 fen
        assertFound(single("1", "0.004999", 0)).isEmpty();
        assertFound(single("1", "0.005", 1)).isEmpty();
        assertFound(single("1", "0.005", 0)).containsExactly("items[0].amount AMOUNT_MISMATCH");
        // 0.333333 × 0.015 yuan = 0.004999995 yuan = 0.4999995 fen → 0 fen: exact, no early rounding
        assertFound(single("0.333333", "0.015", 0)).isEmpty();
        assertFound(single("0.333333", "0.015", 1)).containsExactly("items[0].amount AMOUNT_MISMATCH");
    }

    // --- TOTAL_MISMATCH and INSURANCE_MISMATCH --------------------------------------------------

    @Test
    void totalMustBeTheSumOfTheItems() {
        Bill bill = with(d -> {
            d.total += 1;
            d.personalCash += 1;
        });
        assertFound(bill).containsExactly("total TOTAL_MISMATCH");
        assertThat(bill.violations().getFirst().message()).contains("5501").contains("5500");
    }

    @Test
    void insurancePartsMustAddUpToTheTotal() {
        Bill bill = with(d -> d.fundPaid += 1);
        assertFound(bill).containsExactly("insurance INSURANCE_MISMATCH");
        assertThat(bill.violations().getFirst().message()).contains("5501").contains("5500");
    }

    @Test
    void theInsuranceSplitIsCheckedAgainstTheDeclaredTotal() {
        assertFound(with(d -> d.total += 7)).containsExactly("total TOTAL_MISMATCH", "insurance INSURANCE_MISMATCH");
    }

    // --- NO_ITEMS and TOO_MANY_ITEMS ------------------------------------------------------------

    @Test
    void aBillNeedsItems() {
        assertFound(with(d -> d.items = new ArrayList<>())).containsExactly("items NO_ITEMS");
    }

    @Test
    void aBillHoldsAtMostAThousandItems() {
        assertFound(ofRegistrations(1000)).isEmpty();
        assertFound(ofRegistrations(1001)).containsExactly("items TOO_MANY_ITEMS");
    }

    static Bill ofRegistrations(int count) {
        BillItem registration = new BillItem("110200001", "普通门诊诊查费", "REGISTRATION", "1", "10.00", 1000);
        return new Bill(
                "35060124",
                "MZ1",
                "91350100M000100Y43",
                "福州市鼓楼区人民医院",
                "2024-03-15T09:30:00+08:00",
                new Payer("张伟", "RESIDENT_ID", "11010519491231002X"),
                Collections.nCopies(count, registration),
                1000L * count,
                InsuranceSplit.selfPaid(1000L * count),
                "李娜",
                null);
    }

    // --- UNKNOWN_CATEGORY and UNKNOWN_ID_TYPE ---------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"DRUGS", "western_medicine", "西药费", "WESTERN_MEDICINE "})
    void categoriesComeFromTheFixedSet(String category) {
        assertFound(with(d -> d.item(1).category = category)).containsExactly("items[1].category UNKNOWN_CATEGORY");
    }

    @Test
    void everyDocumentedCategoryIsAccepted() {
        for (ItemCategory category : ItemCategory.values()) {
            assertFound(with(d -> d.item(1).category = category.name()))
                    .as(category.name())
                    .isEmpty();
        }
    }

    @Test
    void idTypesComeFromTheFixedSet() {
        assertFound(with(d -> d.payer.idType = "HK_MACAO_PERMIT")).containsExactly("payer.idType UNKNOWN_ID_TYPE");
        assertFound(with(d -> d.payer.idType = "resident_id")).containsExactly("payer.idType UNKNOWN_ID_TYPE");
    }

    // --- BAD_TIMESTAMP --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-03-15T09:30:00.000+08:00", // fractional seconds
                "2024-03-15T09:30:00.5Z",
                "2024-03-15 09:30:00+08:00", // space separator
                "2024-03-15t09:30:00z", // lower case
                "2024-03-15T09:30:00", // no offset
                "2024-03-15T09:30+08:00", // no seconds
                "2024-03-15T09:30:00+0800", // offset without colon
                "2024-03-15T09:30:00+08",
                "2024-03-15T09:30:00-00:00", // RFC 3339 "unknown offset"
                "2024-03-15T09:30:00+19:00", // beyond ±18:00
                "2024-03-15T09:30:00+08:60",
                "2024-02-30T09:30:00+08:00", // no such day
                "2023-02-29T09:30:00+08:00",
                "2024-13-01T09:30:00+08:00",
                "2024-03-15T24:00:00Z",
                "2024-03-15T09:60:00Z",
                "2024-03-15T09:30:60Z", // no leap seconds
                "+2024-03-15T09:30:00Z",
                "24-03-15T09:30:00Z",
                "２０24-03-15T09:30:00Z",
                "1710466200",
            })
    void issueTimeHasExactlyOneSpelling(String issuedAt) {
        assertFound(with(d -> d.issuedAt = issuedAt)).containsExactly("issuedAt BAD_TIMESTAMP");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-03-15T01:30:00Z",
                "2024-03-15T01:30:00+00:00",
                "2024-03-14T20:30:00-05:00",
                "2024-03-15T07:00:00+05:30",
                "2024-02-29T23:59:59+08:00",
                "2024-03-15T09:30:00+18:00"
            })
    void validIssueTimes(String issuedAt) {
        assertFound(with(d -> d.issuedAt = issuedAt)).isEmpty();
    }

    // --- everything at once ---------------------------------------------------------------------

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        Bill bill = with(d -> {
            d.billCode = "3506012";
            d.issuerId = "91350100M000100Y44";
            d.issuedAt = "2024-03-15T09:30:00.123+08:00";
            d.payer.idType = "ID_CARD";
            d.item(0).category = "REGISTER";
            d.item(1).amount = 2501;
            d.item(2).quantity = "0";
            d.fundPaid = -1;
            d.payeeClerk = null;
        });
        assertFound(bill)
                .containsExactly(
                        "billCode BAD_FORMAT",
                        "issuerId BAD_CHECK_DIGIT",
                        "issuedAt BAD_TIMESTAMP",
                        "payer.idType UNKNOWN_ID_TYPE",
                        "items[0].category UNKNOWN_CATEGORY",
                        "items[1].amount AMOUNT_MISMATCH",
                        "items[2].quantity BAD_QUANTITY",
                        "total TOTAL_MISMATCH",
                        "insurance.fundPaid NEGATIVE_AMOUNT",
                        "insurance INSURANCE_MISMATCH",
                        "payeeClerk REQUIRED");
        assertThat(bill.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @Test
    void extremeAmountsGiveViolationsNotExceptions() {
        Bill bill = with(d -> {
            d.item(0).amount = Long.MAX_VALUE;
            d.item(1).amount = Long.MAX_VALUE;
            d.item(2).amount = Long.MIN_VALUE;
            d.total = Long.MAX_VALUE;
            d.fundPaid = Long.MAX_VALUE;
            d.personalAccount = Long.MAX_VALUE;
            d.personalCash = Long.MIN_VALUE;
        });
        assertThatCode(bill::violations).doesNotThrowAnyException();
        assertThat(found(bill))
                .contains(
                        "items[0].amount AMOUNT_TOO_LARGE",
                        "items[2].amount NEGATIVE_AMOUNT",
                        "total TOTAL_MISMATCH",
                        "insurance INSURANCE_MISMATCH");
    }

    @Test
    void hugeButMatchingItemsOverflowNoSum() {
        // two items that each match their price exactly but together exceed Long.MAX_VALUE
        BillItem huge = new BillItem("X1", "高值耗材", "MATERIAL", "1", "92233720368547758.07", Long.MAX_VALUE);
        Bill bill = with(d -> {
            d.items = new ArrayList<>(List.of(new BillDraft.Item(huge), new BillDraft.Item(huge)));
            d.total = Long.MAX_VALUE;
        });
        assertThatCode(bill::violations).doesNotThrowAnyException();
        assertThat(found(bill)).contains("total TOTAL_MISMATCH");
    }

    // --- requireValid and parse -----------------------------------------------------------------

    @Test
    void requireValidThrowsInvalidBillWithEveryViolation() {
        Bill bill = with(d -> {
            d.billCode = "x";
            d.issuerName = null;
            d.issuedAt = "x";
            d.payeeClerk = null;
            d.fundPaid += 1;
        });
        assertThatThrownBy(bill::requireValid).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
            assertThat(e.violations()).isEqualTo(bill.violations()).hasSize(5);
            assertThat(e.getMessage())
                    .contains("MZ2024031500001")
                    .contains("5 rules")
                    .contains("billCode")
                    .contains("issuerName")
                    .contains("issuedAt")
                    .doesNotContain("payeeClerk")
                    .contains("and 2 more");
        });
    }

    @Test
    void parseReadsAValidBill() throws Exception {
        byte[] json = Json.mapper().writeValueAsBytes(valid());
        assertThat(Bill.parse(json)).isEqualTo(valid());
    }

    @Test
    void parseOfARuleBreakingBillIsInvalidBill() {
        Bill broken = with(d -> d.shiftItemAmount(1, 1));
        byte[] json = Json.mapper().writeValueAsBytes(broken);
        assertThatThrownBy(() -> Bill.parse(json)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
            assertThat(e.violations())
                    .extracting(Violation::path, Violation::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("items[1].amount", "AMOUNT_MISMATCH"));
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "[]",
                "null",
                "\"bill\"",
                "{}{}",
                "{\"billCode\":\"35060124\"}", // a fen amount missing
            })
    void parseOfBadJsonIsMalformed(String json) {
        assertMalformed(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parseOfNonUtf8IsMalformed() {
        assertMalformed(new byte[] {(byte) 0xC3, (byte) 0x28});
    }

    @Test
    void unknownFieldsAnywhereAreMalformed() {
        String json = json(valid());
        assertMalformed(json.replaceFirst("\\{", "{\"discount\":0,"));
        assertMalformed(json.replace("\"payer\":{", "\"payer\":{\"gender\":\"M\","));
        assertMalformed(json.replace("\"items\":[{", "\"items\":[{\"spec\":\"0.25g\","));
        assertMalformed(json.replace("\"insurance\":{", "\"insurance\":{\"other\":0,"));
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertMalformed(json(valid()).replaceFirst("\\{", "{\"total\":1,"));
    }

    @Test
    void coercedScalarsAreMalformed() {
        String json = json(valid());
        assertMalformed(json.replace("\"total\":5500", "\"total\":5500.0"));
        assertMalformed(json.replace("\"total\":5500", "\"total\":55.5e2"));
        assertMalformed(json.replace("\"total\":5500", "\"total\":\"5500\""));
        assertMalformed(json.replace("\"total\":5500", "\"total\":null"));
        assertMalformed(json.replace("\"total\":5500", "\"total\":99999999999999999999"));
        assertMalformed(json.replace("\"amount\":2500", "\"amount\":25.00"));
        assertMalformed(json.replace("\"fundPaid\":2000", "\"fundPaid\":true"));
        assertMalformed(json.replace("\"quantity\":\"2\"", "\"quantity\":2"));
        assertMalformed(json.replace("\"unitPrice\":\"12.50\"", "\"unitPrice\":12.50"));
        assertMalformed(json.replace("\"billCode\":\"35060124\"", "\"billCode\":35060124"));
        assertMalformed(json.replace("\"payer\":{", "\"payer\":[{").replace("},\"items\"", "}],\"items\""));
    }

    @Test
    void aNullItemIsMalformed() {
        assertMalformed(json(valid()).replace("\"items\":[", "\"items\":[null,"));
    }

    @Test
    void aMissingTextFieldParsesAndIsReportedAsRequired() {
        String json = json(valid()).replace("\"payeeClerk\":\"李娜\",", "");
        assertThatThrownBy(() -> Bill.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
                    assertThat(e.violations()).extracting(Violation::path).containsExactly("payeeClerk");
                });
    }

    static void assertMalformed(String json) {
        assertMalformed(json.getBytes(StandardCharsets.UTF_8));
    }

    static void assertMalformed(byte[] json) {
        assertThatThrownBy(() -> Bill.parse(json)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.MALFORMED);
            assertThat(e.violations()).isEmpty();
        });
    }

    static String json(Object value) {
        return new String(Json.mapper().writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    // --- JSON shape and immutability ------------------------------------------------------------

    @Test
    void jsonRoundTripPreservesEquality() throws Exception {
        for (Bill bill : List.of(
                valid(),
                with(d -> d.remarks = null),
                with(d -> d.billCode = "bad"),
                SampleBills.inpatient(3, "91350100M000100Y43"))) {
            byte[] json = Json.mapper().writeValueAsBytes(bill);
            assertThat(Json.read(json, Bill.class)).isEqualTo(bill);
        }
    }

    @Test
    void jsonFieldNamesAreExactlyTheDocumentedOnes() throws Exception {
        JsonNode tree = Json.mapper().readTree(Json.mapper().writeValueAsBytes(valid()));
        assertThat(names(tree))
                .containsExactlyInAnyOrder(
                        "billCode",
                        "billId",
                        "issuerId",
                        "issuerName",
                        "issuedAt",
                        "payer",
                        "items",
                        "total",
                        "insurance",
                        "payeeClerk",
                        "remarks");
        assertThat(names(tree.get("payer"))).containsExactlyInAnyOrder("name", "idType", "idNumber");
        assertThat(names(tree.get("items").get(0)))
                .containsExactlyInAnyOrder("code", "name", "category", "quantity", "unitPrice", "amount");
        assertThat(names(tree.get("insurance")))
                .containsExactlyInAnyOrder("fundPaid", "personalAccount", "personalCash");
        assertThat(tree.get("total").isIntegralNumber()).isTrue();
        assertThat(tree.get("items").get(1).get("unitPrice").isString()).isTrue();
    }

    @Test
    void absentRemarksAreOmittedFromJson() throws Exception {
        JsonNode tree = Json.mapper().readTree(Json.mapper().writeValueAsBytes(with(d -> d.remarks = null)));
        assertThat(names(tree)).doesNotContain("remarks");
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void itemsAreCopiedAndUnmodifiable() {
        List<BillItem> items = new ArrayList<>(valid().items());
        Bill bill = new Bill(
                "35060124",
                "MZ1",
                "91350100M000100Y43",
                "福州市鼓楼区人民医院",
                "2024-03-15T09:30:00+08:00",
                valid().payer(),
                items,
                5500,
                valid().insurance(),
                "李娜",
                null);
        items.clear();
        assertThat(bill.items()).hasSize(3);
        assertThatThrownBy(() -> bill.items().add(bill.items().getFirst()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNullItemIsRefusedAtConstruction() {
        List<BillItem> items = new ArrayList<>(valid().items());
        items.add(null);
        assertThatThrownBy(() -> new Bill(
                        "35060124",
                        "MZ1",
                        "91350100M000100Y43",
                        "医院",
                        "2024-03-15T09:30:00+08:00",
                        valid().payer(),
                        items,
                        5500,
                        valid().insurance(),
                        "李娜",
                        null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void itemCategoryAndIdTypeLookups() {
        assertThat(ItemCategory.of("BED")).contains(ItemCategory.BED);
        assertThat(ItemCategory.of("bed")).isEmpty();
        assertThat(ItemCategory.of(null)).isEmpty();
        assertThat(ItemCategory.WESTERN_MEDICINE.label()).isEqualTo("西药费");
        assertThat(IdType.of("PASSPORT")).contains(IdType.PASSPORT);
        assertThat(IdType.of("passport")).isEmpty();
    }
}
