package io.fapiao.chaincode;

import static io.fapiao.chaincode.ContractFixture.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import io.fapiao.protocol.seal.SignerSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The contract's functions, through the real contract router, over an in-memory ledger. */
class FapiaoContractTest {
    private final ContractFixture fx = new ContractFixture().bootstrap();
    private final Consortium org = fx.org;

    @Test
    void aBillGoesFromSubmissionToAClaimedInvoiceWithOneEventPerStep() {
        SealedBill sealed = fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 11);
        String key = ContractFixture.billKey(sealed);

        Outcome submitted = fx.call(org.hospital, "SubmitBill", json(sealed));
        assertThat(submitted.ok().get("state").stringValue()).isEqualTo("SUBMITTED");
        assertThat(submitted.eventName()).isEqualTo("BillSubmitted");
        assertThat(submitted.event().get("key").stringValue()).isEqualTo("bill:" + key);
        assertThat(submitted.event().get("billKey").stringValue()).isEqualTo(key);
        assertThat(submitted.event().get("headerDigest").stringValue())
                .isEqualTo(sealed.header().headerDigest().base64Url());

        // The verifier reads the sealed bill back exactly as sealed.
        JsonNode got = fx.call(org.finance, "GetBill", key).ok();
        assertThat(got.get("sealedBill").toString().getBytes(UTF_8)).isEqualTo(sealed.toJson());

        Outcome verified = fx.verdict(org.finance, key, "ACCEPTED", List.of());
        assertThat(verified.ok().get("state").stringValue()).isEqualTo("VERIFIED");
        assertThat(verified.eventName()).isEqualTo("BillVerified");

        long start = fx.reserve(org.issuer, "460101", 10);
        assertThat(start).isEqualTo(1);
        String number = ContractFixture.number("460101", start);
        Outcome issued = fx.issue(org.issuer, key, number);
        assertThat(issued.ok().get("state").stringValue()).isEqualTo("ISSUED");
        assertThat(issued.eventName()).isEqualTo("InvoiceIssued");
        assertThat(fx.call(org.auditor, "GetBill", key)
                        .ok()
                        .get("bill")
                        .get("invoiceNumber")
                        .stringValue())
                .isEqualTo(number);

        Outcome claimed = fx.claim(org.claimant, number);
        assertThat(claimed.ok().get("claimantId").stringValue()).isEqualTo("POLICY-7781");
        assertThat(claimed.eventName()).isEqualTo("InvoiceClaimed");
        assertThat(fx.call(org.hospital, "GetInvoice", number).ok().get("state").stringValue())
                .isEqualTo("CLAIMED");
        assertThat(fx.claim(org.claimant, number).code()).isEqualTo(ChaincodeError.ALREADY_CLAIMED);
    }

    @Test
    void theIdenticalSealedBillIsIdempotentAndAnotherUnderTheSameIdConflicts() {
        SealedBill sealed = fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 12);
        JsonNode first = fx.call(org.hospital, "SubmitBill", json(sealed)).ok();
        Outcome again = fx.call(org.hospital, "SubmitBill", json(sealed));
        assertThat(again.ok()).isEqualTo(first);
        assertThat(again.eventName()).as("nothing changed, so no event").isNull();

        SealedBill resealed = fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 12);
        Outcome conflict = fx.call(org.hospital, "SubmitBill", json(resealed));
        assertThat(conflict.code()).isEqualTo(ChaincodeError.BILL_CONFLICT);
        assertThat(conflict.message())
                .contains(ContractFixture.billKey(sealed))
                .contains(first.get("headerDigest").stringValue());
    }

    @Test
    void aTamperedHeaderOrSignatureIsRefused() {
        SealedBill sealed = fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 13);
        SealedBillHeader h = sealed.header();
        SealedBill altered = new SealedBill(
                new SealedBillHeader(
                        h.version(),
                        h.suite(),
                        h.billCode(),
                        h.billId(),
                        h.issuerId(),
                        "2020-01-01T00:00:00",
                        h.payloadDigest(),
                        h.headerDigest()),
                sealed.signer(),
                sealed.payload(),
                sealed.recipients());
        assertThat(fx.call(org.hospital, "SubmitBill", json(altered)).code())
                .isEqualTo(ChaincodeError.HEADER_DIGEST_MISMATCH);

        byte[] signature = sealed.signer().signature().toByteArray();
        signature[signature.length - 1] ^= 1;
        SealedBill forged = new SealedBill(
                h,
                new SignerSignature(sealed.signer().certificate(), Bytes.of(signature)),
                sealed.payload(),
                sealed.recipients());
        assertThat(fx.call(org.hospital, "SubmitBill", json(forged)).code()).isEqualTo(ChaincodeError.BAD_SIGNATURE);

        assertThat(fx.call(org.hospital, "SubmitBill", "{\"header\":{}}").code())
                .isEqualTo(ChaincodeError.MALFORMED);
    }

    @Test
    void theSignerMustBeTheCallerOrARegisteredSealCertificate() {
        SealedBill byColleague = fx.seal(org.otherHospital.identity(), Consortium.USCC_HOSPITAL, 14);
        assertThat(fx.call(org.hospital, "SubmitBill", json(byColleague)).code())
                .isEqualTo(ChaincodeError.SIGNER_MISMATCH);

        SealedBill gm = fx.seal(org.gmSeal, Consortium.USCC_HOSPITAL, 15);
        assertThat(gm.header().suite().name()).isEqualTo("GM");
        assertThat(fx.call(org.hospital, "SubmitBill", json(gm)).code()).isEqualTo(ChaincodeError.SIGNER_MISMATCH);

        String pem = Pem.certificate(org.gmSeal.certificate());
        assertThat(fx.call(org.hospital, "AddSealCertificate", Consortium.USCC_HOSPITAL, pem)
                        .code())
                .isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        Outcome added = fx.call(org.financeAdmin, "AddSealCertificate", Consortium.USCC_HOSPITAL, pem);
        assertThat(added.ok().get("sealCertificates").get(0).get("suite").stringValue())
                .isEqualTo("GM");
        assertThat(added.eventName()).isEqualTo("SealCertificateAdded");
        assertThat(fx.call(org.hospital, "SubmitBill", json(gm))
                        .ok()
                        .get("suite")
                        .stringValue())
                .isEqualTo("GM");
        // The seal belongs to the hospital's USCC: the enterprise (pinned to its own USCC) cannot use it.
        SealedBill gmForEnterprise = fx.seal(org.gmSeal, Consortium.USCC_ENTERPRISE, 16);
        assertThat(fx.call(org.enterprise, "SubmitBill", json(gmForEnterprise)).code())
                .isEqualTo(ChaincodeError.SIGNER_MISMATCH);
    }

    @Test
    void submissionNeedsTheUsccRegisteredToTheCallersMspAndQualifiedNow() {
        String unregistered = io.fapiao.protocol.bill.SampleBills.uscc(99);
        assertThat(fx.call(org.hospital, "SubmitBill", json(fx.seal(org.hospital.identity(), unregistered, 1)))
                        .code())
                .isEqualTo(ChaincodeError.NOT_QUALIFIED);
        // The enterprise certificate is pinned to its own USCC.
        assertThat(fx.call(
                                org.enterprise,
                                "SubmitBill",
                                json(fx.seal(org.enterprise.identity(), Consortium.USCC_HOSPITAL, 2)))
                        .code())
                .isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        // Qualification is judged at the transaction timestamp, not the clock.
        fx.ledger.setClock(java.time.Instant.parse("2027-01-01T00:00:00Z"));
        Outcome late = fx.call(
                org.hospital, "SubmitBill", json(fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 3)));
        assertThat(late.code()).isEqualTo(ChaincodeError.NOT_QUALIFIED);
        assertThat(late.message()).contains("ended at 2027-01-01T00:00:00Z");
    }

    @Test
    void anIssuerTakesInInvoiceRequestsOnARegisteredClientsBehalfAndNothingElse() {
        SealedBill request = fx.sealRequest(org.issuer.identity(), Consortium.USCC_ENTERPRISE, 40);
        assertThat(request.header().carriesInvoiceRequest()).isTrue();
        Outcome taken = fx.call(org.issuer, "SubmitBill", json(request));
        JsonNode record = taken.ok();
        assertThat(record.get("billCode").stringValue()).isEqualTo("VAT-REQUEST");
        assertThat(record.get("state").stringValue()).isEqualTo("SUBMITTED");
        assertThat(record.get("submitted").get("mspId").stringValue()).isEqualTo(Consortium.ISSUER_MSP);
        assertThat(record.get("signerFingerprint").stringValue())
                .isEqualTo(io.fapiao.chaincode.access.Caller.fingerprint(
                        org.issuer.identity().certificate()));
        assertThat(taken.eventName()).isEqualTo("BillSubmitted");
        Outcome again = fx.call(org.issuer, "SubmitBill", json(request));
        assertThat(again.ok()).isEqualTo(record);
        assertThat(again.eventName()).isNull();
        // it then goes through the finance bureau's verification like any bill
        assertThat(fx.verdict(org.finance, ContractFixture.billKey(request), "ACCEPTED", List.of())
                        .ok()
                        .get("state")
                        .stringValue())
                .isEqualTo("VERIFIED");

        // only invoice requests: a bill stays with its hospital
        Outcome bill =
                fx.call(org.issuer, "SubmitBill", json(fx.seal(org.issuer.identity(), Consortium.USCC_HOSPITAL, 41)));
        assertThat(bill.code()).isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        assertThat(bill.message()).contains("only invoice requests");
        // sealed by the calling issuer itself, not by someone else's certificate
        SealedBill byEnterprise = fx.sealRequest(org.enterprise.identity(), Consortium.USCC_ENTERPRISE, 42);
        assertThat(fx.call(org.issuer, "SubmitBill", json(byEnterprise)).code())
                .isEqualTo(ChaincodeError.SIGNER_MISMATCH);
        // for a registered submitter qualified now
        String unregistered = io.fapiao.protocol.bill.SampleBills.uscc(99);
        assertThat(fx.call(org.issuer, "SubmitBill", json(fx.sealRequest(org.issuer.identity(), unregistered, 43)))
                        .code())
                .isEqualTo(ChaincodeError.NOT_QUALIFIED);
        assertThat(fx.call(
                                org.issuer,
                                "SubmitBill",
                                json(fx.sealRequest(org.issuer.identity(), Consortium.USCC_SUSPENDED, 44)))
                        .code())
                .isEqualTo(ChaincodeError.NOT_QUALIFIED);
        assertThat(fx.call(
                                org.issuer,
                                "SubmitBill",
                                json(fx.sealRequest(org.issuer.identity(), Consortium.USCC_EXPIRED, 45)))
                        .code())
                .isEqualTo(ChaincodeError.NOT_QUALIFIED);
        // a claimant (same MSP, other role) cannot
        assertThat(fx.call(
                                org.claimant,
                                "SubmitBill",
                                json(fx.sealRequest(org.claimant.identity(), Consortium.USCC_ENTERPRISE, 46)))
                        .code())
                .isEqualTo(ChaincodeError.NOT_AUTHORIZED);
    }

    @Test
    void suspensionAndReinstatementTakeEffectAtOnce() {
        fx.call(org.financeAdmin, "SetSubmitterStatus", Consortium.USCC_HOSPITAL, "suspended", "unpaid fees")
                .ok();
        Outcome refused = fx.call(
                org.hospital, "SubmitBill", json(fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 4)));
        assertThat(refused.code()).isEqualTo(ChaincodeError.NOT_QUALIFIED);
        assertThat(refused.message()).contains("suspended").contains("unpaid fees");
        Outcome reinstated =
                fx.call(org.financeAdmin, "SetSubmitterStatus", Consortium.USCC_HOSPITAL, "active", "fees paid");
        assertThat(reinstated.eventName()).isEqualTo("SubmitterReinstated");
        fx.call(org.hospital, "SubmitBill", json(fx.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 4)))
                .ok();
    }

    @Test
    void aVerdictMustBeSignedByTheCallerOverTheBillsHeaderDigest() {
        String key = fx.submitted(21);
        String digest = fx.headerDigest(key);
        String byOther = ContractFixture.sign(
                org.issuer, new io.fapiao.protocol.statement.VerdictStatement(key, digest, "ACCEPTED", List.of()));
        assertThat(fx.call(org.finance, "RecordVerification", key, "ACCEPTED", "[]", byOther)
                        .code())
                .isEqualTo(ChaincodeError.BAD_SIGNATURE);
        String forRejection = ContractFixture.sign(
                org.finance,
                new io.fapiao.protocol.statement.VerdictStatement(key, digest, "REJECTED", List.of("AMOUNT")));
        assertThat(fx.call(org.finance, "RecordVerification", key, "ACCEPTED", "[]", forRejection)
                        .code())
                .as("a signature over another verdict")
                .isEqualTo(ChaincodeError.BAD_SIGNATURE);
        assertThat(fx.call(org.finance, "RecordVerification", key, "REJECTED", "[]", forRejection)
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.finance, "RecordVerification", key, "MAYBE", "[]", forRejection)
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.finance, "RecordVerification", "nocolon", "ACCEPTED", "[]", byOther)
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.verdict(org.finance, Consortium.USCC_HOSPITAL + ":missing", "ACCEPTED", List.of())
                        .code())
                .isEqualTo(ChaincodeError.NOT_FOUND);
    }

    @Test
    void aRejectedBillIsFinalAndNeverIssued() {
        String key = fx.submitted(22);
        Outcome rejected = fx.verdict(org.finance, key, "REJECTED", List.of("AMOUNT_MISMATCH", "ITEM_CODE"));
        assertThat(rejected.ok().get("state").stringValue()).isEqualTo("REJECTED");
        assertThat(rejected.eventName()).isEqualTo("BillRejected");
        assertThat(rejected.event().get("reasonCodes").toString()).isEqualTo("[\"AMOUNT_MISMATCH\",\"ITEM_CODE\"]");
        // The same verdict again is a retry; another verdict is refused.
        assertThat(fx.verdict(org.finance, key, "REJECTED", List.of("AMOUNT_MISMATCH", "ITEM_CODE"))
                        .eventName())
                .isNull();
        assertThat(fx.verdict(org.finance, key, "ACCEPTED", List.of()).code()).isEqualTo(ChaincodeError.INVALID_STATE);
        long start = fx.reserve(org.issuer, "460101", 5);
        assertThat(fx.issue(org.issuer, key, ContractFixture.number("460101", start))
                        .code())
                .isEqualTo(ChaincodeError.INVALID_STATE);
        String unverified = fx.submitted(23);
        assertThat(fx.issue(org.issuer, unverified, ContractFixture.number("460101", start))
                        .code())
                .isEqualTo(ChaincodeError.INVALID_STATE);
    }

    @Test
    void numbersComeFromTheIssuersOwnRangesAndAreUsedOnce() {
        Outcome reserved = fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010126", "3");
        assertThat(reserved.ok().get("first").stringValue()).isEqualTo("46010126-0000000001");
        assertThat(reserved.ok().get("last").stringValue()).isEqualTo("46010126-0000000003");
        assertThat(reserved.ok().get("series").stringValue()).isEqualTo("460101");
        assertThat(reserved.ok().get("year").intValue()).isEqualTo(2026);
        assertThat(reserved.eventName()).isEqualTo("NumberRangeReserved");
        assertThat(reserved.event().get("key").stringValue()).isEqualTo("range:460101:2026:1");
        JsonNode next = fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-02", "46010126", "2")
                .ok();
        assertThat(next.get("start").longValue()).isEqualTo(4);
        assertThat(fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010127", "1")
                        .ok()
                        .get("first")
                        .stringValue())
                .as("another year is another bill code and another sequence")
                .isEqualTo("46010127-0000000001");
        assertThat(fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010126", "1000001")
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010126", "1000000")
                        .ok()
                        .get("end")
                        .longValue())
                .isEqualTo(1_000_005);
        assertThat(fx.call(org.issuer, "GetHistory", "range:460101:2026:1").ok().get("versions"))
                .hasSize(1);

        String a = fx.verified(31);
        String b = fx.verified(32);
        assertThat(fx.issue(org.issuer, a, "46010126-0090000000").code()).isEqualTo(ChaincodeError.NUMBER_NOT_RESERVED);
        assertThat(fx.issue(org.issuer, a, "99999926-0000000001").code()).isEqualTo(ChaincodeError.NUMBER_NOT_RESERVED);
        assertThat(fx.issue(org.issuer, a, "46010125-0000000001").code())
                .as("last year's code")
                .isEqualTo(ChaincodeError.NUMBER_NOT_RESERVED);
        assertThat(fx.issue(org.issuer, a, "bad").code()).isEqualTo(ChaincodeError.MALFORMED);
        fx.issue(org.issuer, a, "46010126-0000000002").ok();
        // Retrying the same issuance is harmless; the number cannot serve another bill.
        assertThat(fx.issue(org.issuer, a, "46010126-0000000002").eventName()).isNull();
        assertThat(fx.issue(org.issuer, b, "46010126-0000000002").code()).isEqualTo(ChaincodeError.NUMBER_USED);
        assertThat(fx.issue(org.issuer, a, "46010126-0000000003").code()).isEqualTo(ChaincodeError.INVALID_STATE);
        fx.issue(org.issuer, b, "46010126-0000000003").ok();
        assertThat(fx.call(org.auditor, "GetInvoice", "46010126-0000000003")
                        .ok()
                        .get("billKey")
                        .stringValue())
                .isEqualTo(b);
    }

    @Test
    void aBillCodeIsEightDigitsAndANumberOfOneFormOrTheOtherElseMalformed() {
        for (String billCode : List.of("4601012", "460101260", "4601012A", "460101-26", "", "HN012026")) {
            Outcome refused = fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", billCode, "5");
            assertThat(refused.code()).as(billCode).isEqualTo(ChaincodeError.MALFORMED);
            assertThat(refused.message()).as(billCode).contains("billCode");
        }
        String key = fx.verified(35);
        long start = fx.reserve(org.issuer, "460105", 2);
        for (String malformed : List.of(
                "46010526-000000001",
                "46010526-00000000001",
                "46010526-0000000000",
                "4601052-0000000001",
                "46010526 0000000001",
                "460105-26-0000000001",
                "HN01-2026-0000000001",
                "hn01-2026-00000001",
                "")) {
            assertThat(fx.issue(org.issuer, key, malformed).code())
                    .as(malformed)
                    .isEqualTo(ChaincodeError.MALFORMED);
            assertThat(fx.call(org.auditor, "GetInvoice", malformed).code())
                    .as(malformed)
                    .isEqualTo(ChaincodeError.MALFORMED);
        }
        String blue = ContractFixture.number("460105", start);
        fx.issue(org.issuer, key, blue).ok();
        assertThat(fx.reverse(org.issuer, blue, "46010526-000000002").code()).isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.issuer, "GetHistory", "range:460105:2026:00001").code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.issuer, "GetHistory", "range:460105:2026:12345678901")
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
    }

    @Test
    void aBillCodeHoldsTenDigitNumbersUpTo9999999999() throws Exception {
        assertThat(fx.reserve(org.issuer, "460109", 1)).isEqualTo(1);
        // Reaching the top a million at a time would take ten thousand calls: widen the first range in place,
        // as a range that large would have been written.
        String rangeKey = io.fapiao.chaincode.ledger.Keys.range("460109", 2026, 1);
        tools.jackson.databind.node.ObjectNode range = (tools.jackson.databind.node.ObjectNode)
                io.fapiao.protocol.json.Json.readTree(fx.ledger.state.get(rangeKey));
        range.put("end", 9_999_999_990L).put("last", "46010926-9999999990");
        fx.ledger.state.put(rangeKey, io.fapiao.protocol.json.Json.mapper().writeValueAsBytes(range));

        Outcome top = fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010926", "9");
        assertThat(top.ok().get("first").stringValue()).isEqualTo("46010926-9999999991");
        assertThat(top.ok().get("last").stringValue()).isEqualTo("46010926-9999999999");
        Outcome exhausted = fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010926", "1");
        assertThat(exhausted.code()).isEqualTo(ChaincodeError.RANGE_EXHAUSTED);
        assertThat(exhausted.message()).contains("bill code 46010926 has 0 numbers left");
        assertThat(fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010927", "1")
                        .ok()
                        .get("start")
                        .longValue())
                .as("next year's code starts again")
                .isEqualTo(1);

        String key = fx.verified(36);
        fx.issue(org.issuer, key, "46010926-9999999999").ok();
        assertThat(fx.issue(org.issuer, fx.verified(37), "46010926-10000000000").code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.issuer, "GetHistory", "range:460109:2026:9999999991")
                        .ok()
                        .get("versions"))
                .hasSize(1);
    }

    @Test
    void numbersOfTheOldSeriesFormAreStillReservedIssuedAndReversed() {
        // An issuer configured with a series reserves as before.
        Outcome reserved = fx.call(org.issuer, "ReserveNumberRange", "ISSUER-01", "HN01", "2026", "3");
        assertThat(reserved.ok().get("first").stringValue()).isEqualTo("HN01-2026-00000001");
        assertThat(reserved.ok().get("last").stringValue()).isEqualTo("HN01-2026-00000003");
        assertThat(fx.call(org.issuer, "ReserveNumberRange", "ISSUER-01", "HN01", "2026", "99999999")
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        String old = fx.verified(38);
        fx.issue(org.issuer, old, "HN01-2026-00000001").ok();
        assertThat(fx.issue(org.issuer, fx.verified(39), "HN01-2026-00000001").code())
                .isEqualTo(ChaincodeError.NUMBER_USED);
        // Old and new numbers of the same issuer live side by side; an old invoice is reversed in either form.
        long start = fx.reserve(org.issuer, "460101", 2);
        String oldToo = fx.verified(40);
        fx.issue(org.issuer, oldToo, "HN01-2026-00000002").ok();
        fx.reverse(org.issuer, "HN01-2026-00000001", "HN01-2026-00000003").ok();
        String red = ContractFixture.number("460101", start);
        Outcome reversed = fx.reverse(org.issuer, "HN01-2026-00000002", red);
        assertThat(reversed.ok().get("reversal").get("redInvoiceNumber").stringValue())
                .isEqualTo(red);
        assertThat(fx.call(org.auditor, "GetInvoice", red).ok().get("reverses").stringValue())
                .isEqualTo("HN01-2026-00000002");
        assertThat(fx.call(org.auditor, "GetInvoice", "HN01-2026-00000001")
                        .ok()
                        .get("state")
                        .stringValue())
                .isEqualTo("REVERSED");
        assertThat(fx.call(org.auditor, "GetHistory", "range:HN01:2026:1").ok().get("versions"))
                .hasSize(1);
    }

    @Test
    void oneSeriesAndYearHoldsRangesOfOneFormOnly() {
        // A six-digit old series and a bill-code prefix of the same digits share their keys on the ledger.
        assertThat(fx.reserveSeries(org.issuer, "460106", 3)).isEqualTo(1);
        Outcome mixed = fx.call(org.issuer, "ReserveBillCodeRange", "ISSUER-01", "46010626", "3");
        assertThat(mixed.code()).isEqualTo(ChaincodeError.RANGE_OVERLAP);
        assertThat(mixed.message()).contains("46010626").contains("460106-2026-00000001");
        assertThat(fx.issue(org.issuer, fx.verified(43), "46010626-0000000001").code())
                .as("a MoF number of the digits of an old-form range")
                .isEqualTo(ChaincodeError.NUMBER_NOT_RESERVED);
        fx.issue(org.issuer, fx.verified(44), "460106-2026-00000001").ok();
        assertThat(fx.reserve(org.issuer, "460107", 1)).isEqualTo(1);
        assertThat(fx.call(org.issuer, "ReserveNumberRange", "ISSUER-01", "460107", "2026", "1")
                        .code())
                .isEqualTo(ChaincodeError.RANGE_OVERLAP);
        assertThat(fx.issue(org.issuer, fx.verified(45), "460107-2026-00000001").code())
                .isEqualTo(ChaincodeError.NUMBER_NOT_RESERVED);
    }

    @Test
    void theLedgerKeepsTheCheckCodesDigestNeverTheCode() {
        String key = fx.verified(33);
        long start = fx.reserve(org.issuer, "460103", 3);
        String blue = ContractFixture.number("460103", start);
        String red = ContractFixture.number("460103", start + 1);
        String digest = CheckCodeDigest.of(ContractFixture.DIGEST_KEY, blue, ContractFixture.CHECK_CODE);
        Outcome issued = fx.issue(org.issuer, key, blue);
        assertThat(issued.ok().get("checkCodeDigest").stringValue()).isEqualTo(digest);
        assertThat(issued.ok().has("checkCode")).isFalse();
        fx.reverse(org.issuer, blue, red).ok();
        assertThat(fx.call(org.auditor, "GetInvoice", red).ok().has("checkCodeDigest"))
                .as("a red-letter invoice has no check code")
                .isFalse();
        // Nowhere: not in any state value, any version of the history, any event.
        fx.ledger
                .state
                .values()
                .forEach(value -> assertThat(new String(value, UTF_8)).doesNotContain(ContractFixture.CHECK_CODE));
        fx.ledger.history.values().stream()
                .flatMap(List::stream)
                .filter(v -> v.value() != null)
                .forEach(version ->
                        assertThat(new String(version.value(), UTF_8)).doesNotContain(ContractFixture.CHECK_CODE));
        fx.ledger.committed.stream()
                .filter(c -> c.eventPayload() != null)
                .forEach(c ->
                        assertThat(new String(c.eventPayload(), UTF_8)).doesNotContain(ContractFixture.CHECK_CODE));
        // A retry must carry the same digest; another one is another issuance of the number.
        assertThat(fx.issue(org.issuer, key, blue, digest).eventName())
                .as("a retried issuance")
                .isNull();
        String other = CheckCodeDigest.of(ContractFixture.DIGEST_KEY, blue, "09876543210987654321");
        assertThat(fx.issue(org.issuer, key, blue, other).code()).isEqualTo(ChaincodeError.NUMBER_USED);
    }

    @Test
    void aCheckCodeOrAnythingElseThatIsNotADigestIsRefusedAsMalformed() {
        String key = fx.verified(34);
        String number = ContractFixture.number("460104", fx.reserve(org.issuer, "460104", 1));
        String digest = CheckCodeDigest.of(ContractFixture.DIGEST_KEY, number, ContractFixture.CHECK_CODE);
        // Each is signed properly over the statement: only the form of the digest is wrong.
        for (String malformed : List.of(
                ContractFixture.CHECK_CODE,
                "ABCD1234",
                digest.substring(1),
                digest + "A",
                digest + "=",
                digest.substring(0, 42) + "+",
                digest.substring(0, 42) + "B",
                ContractFixture.sha256(ContractFixture.CHECK_CODE))) {
            Outcome refused = fx.issue(org.issuer, key, number, malformed);
            assertThat(refused.code()).as(malformed).isEqualTo(ChaincodeError.MALFORMED);
            assertThat(refused.message()).as(malformed).contains("checkCodeDigest");
        }
        assertThat(fx.call(org.issuer, "IssueInvoice", key, number, "", ContractFixture.sha256("x"), "AAAA")
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        fx.issue(org.issuer, key, number, digest).ok();
    }

    @Test
    void aReversalLinksBothWaysAndEndsClaims() {
        String key = fx.verified(41);
        long start = fx.reserve(org.issuer, "460101", 5);
        String blue = ContractFixture.number("460101", start);
        String red = ContractFixture.number("460101", start + 1);
        fx.issue(org.issuer, key, blue).ok();
        assertThat(fx.reverse(org.issuer, blue, blue).code()).isEqualTo(ChaincodeError.NUMBER_USED);
        Outcome reversed = fx.reverse(org.issuer, blue, red);
        assertThat(reversed.ok().get("state").stringValue()).isEqualTo("REVERSED");
        assertThat(reversed.ok().get("reversal").get("redInvoiceNumber").stringValue())
                .isEqualTo(red);
        assertThat(reversed.eventName()).isEqualTo("InvoiceReversed");
        JsonNode redInvoice = fx.call(org.auditor, "GetInvoice", red).ok();
        assertThat(redInvoice.get("kind").stringValue()).isEqualTo("RED");
        assertThat(redInvoice.get("reverses").stringValue()).isEqualTo(blue);
        assertThat(fx.call(org.auditor, "GetBill", key)
                        .ok()
                        .get("bill")
                        .get("state")
                        .stringValue())
                .isEqualTo("REVERSED");
        assertThat(fx.claim(org.claimant, blue).code()).isEqualTo(ChaincodeError.INVALID_STATE);
        assertThat(fx.claim(org.claimant, red).code()).isEqualTo(ChaincodeError.INVALID_STATE);
        assertThat(fx.reverse(org.issuer, red, ContractFixture.number("460101", start + 2))
                        .code())
                .isEqualTo(ChaincodeError.INVALID_STATE);
        assertThat(fx.reverse(org.issuer, blue, red).eventName())
                .as("a retried reversal")
                .isNull();
    }

    @Test
    void aClaimedInvoiceCannotBeReversed() {
        String key = fx.verified(42);
        long start = fx.reserve(org.issuer, "460102", 2);
        String blue = ContractFixture.number("460102", start);
        fx.issue(org.issuer, key, blue).ok();
        fx.claim(org.claimant, blue).ok();
        assertThat(fx.reverse(org.issuer, blue, ContractFixture.number("460102", start + 1))
                        .code())
                .isEqualTo(ChaincodeError.INVALID_STATE);
        assertThat(fx.claim(org.claimant, "46010226-0000000099").code()).isEqualTo(ChaincodeError.NOT_FOUND);
    }

    @Test
    void aDocumentHashIsAnchoredOnce() {
        String hash = ContractFixture.sha256("contract text");
        Outcome anchored = fx.anchor(org.hospital, "contract", "C-17", hash);
        assertThat(anchored.ok().get("sha256").stringValue()).isEqualTo(hash);
        assertThat(anchored.eventName()).isEqualTo("DocumentAnchored");
        assertThat(fx.anchor(org.auditor, "contract", "C-17", hash).eventName()).isNull();
        assertThat(fx.anchor(org.hospital, "contract", "C-17", ContractFixture.sha256("changed"))
                        .code())
                .isEqualTo(ChaincodeError.DOCUMENT_CONFLICT);
        assertThat(fx.call(org.hospital, "AnchorDocument", "contract", "C-18", hash, "AAAA")
                        .code())
                .isEqualTo(ChaincodeError.BAD_SIGNATURE);
        assertThat(fx.anchor(org.hospital, "contract", "C-19", "ABC").code()).isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.issuer, "GetDocument", "contract", "C-17")
                        .ok()
                        .get("written")
                        .get("mspId")
                        .stringValue())
                .isEqualTo(Consortium.HOSPITAL_MSP);
    }

    @Test
    void listBillsPagesThroughOneStateAndSubmitter() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(fx.submitted(50 + i));
        }
        fx.verdict(org.finance, keys.get(2), "ACCEPTED", List.of()).ok();
        List<String> seen = new ArrayList<>();
        String bookmark = "";
        int pages = 0;
        do {
            JsonNode page = fx.call(org.finance, "ListBills", "SUBMITTED", Consortium.USCC_HOSPITAL, "2", bookmark)
                    .ok();
            page.get("bills").forEach(b -> seen.add(b.get("billKey").stringValue()));
            bookmark = page.get("bookmark").stringValue();
            pages++;
        } while (!bookmark.isEmpty() && pages < 10);
        List<String> expected = new ArrayList<>(keys);
        expected.remove(2);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).isEqualTo(2);
        JsonNode verified = fx.call(org.hospital, "ListBills", "VERIFIED", Consortium.USCC_HOSPITAL, "10", "")
                .ok();
        assertThat(verified.get("count").intValue()).isEqualTo(1);
        assertThat(fx.call(org.hospital, "ListBills", "SUBMITTED", "", "10", "").code())
                .isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        assertThat(fx.call(org.auditor, "ListBills", "", "", "10", "")
                        .ok()
                        .get("count")
                        .intValue())
                .isEqualTo(5);
        assertThat(fx.call(org.auditor, "ListBills", "DONE", "", "10", "").code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.auditor, "ListBills", "SUBMITTED", "", "101", "").code())
                .isEqualTo(ChaincodeError.MALFORMED);
    }

    @Test
    void historyListsEveryVersionWithItsWriter() {
        String key = fx.verified(61);
        JsonNode history = fx.call(org.auditor, "GetHistory", "bill:" + key).ok();
        JsonNode versions = history.get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("mspId").stringValue()).isEqualTo(Consortium.HOSPITAL_MSP);
        assertThat(versions.get(0).get("fingerprint").stringValue())
                .isEqualTo(io.fapiao.chaincode.access.Caller.fingerprint(
                        org.hospital.identity().certificate()));
        assertThat(versions.get(0).get("value").get("state").stringValue()).isEqualTo("SUBMITTED");
        assertThat(versions.get(1).get("mspId").stringValue()).isEqualTo(Consortium.FINANCE_MSP);
        assertThat(versions.get(1).get("value").get("state").stringValue()).isEqualTo("VERIFIED");
        assertThat(versions.get(1).get("txId").stringValue())
                .isEqualTo(
                        versions.get(1).get("value").get("written").get("txId").stringValue());
        assertThat(versions.get(1).get("isDelete").booleanValue()).isFalse();
        assertThat(fx.call(org.auditor, "GetHistory", "submitter:" + Consortium.USCC_SUSPENDED)
                        .ok()
                        .get("versions"))
                .hasSize(2);
        assertThat(fx.call(org.auditor, "GetHistory", "governance").ok().get("versions"))
                .hasSize(4);
        assertThat(fx.call(org.auditor, "GetHistory", "nothing:1").code()).isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fx.call(org.claimant, "GetHistory", "bill:" + key).code()).isEqualTo(ChaincodeError.NOT_AUTHORIZED);
    }

    @Test
    void governanceIsBootstrappedOnceByAnAdminOfTheNamedMsp() {
        ContractFixture fresh = new ContractFixture();
        assertThat(fresh.call(org.hospital, "SubmitBill", "{}").code()).isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        assertThat(fresh.call(org.finance, "InitGovernance", Consortium.FINANCE_MSP)
                        .code())
                .as("a member that is not an admin")
                .isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        assertThat(fresh.call(org.rogueAdmin, "InitGovernance", Consortium.FINANCE_MSP)
                        .code())
                .as("an admin of another MSP")
                .isEqualTo(ChaincodeError.NOT_AUTHORIZED);
        Outcome init = fresh.call(org.financeAdmin, "InitGovernance", Consortium.FINANCE_MSP);
        assertThat(init.ok().get("grants").get(Consortium.FINANCE_MSP).toString())
                .isEqualTo("[\"finance\"]");
        assertThat(init.eventName()).isEqualTo("GovernanceInitialised");
        assertThat(fresh.call(org.financeAdmin, "InitGovernance", Consortium.FINANCE_MSP)
                        .eventName())
                .isNull();
        assertThat(fresh.call(org.rogueAdmin, "InitGovernance", Consortium.ROGUE_MSP)
                        .code())
                .isEqualTo(ChaincodeError.INVALID_STATE);
        assertThat(fresh.call(org.financeAdmin, "GrantRoles", Consortium.FINANCE_MSP, "[]")
                        .code())
                .isEqualTo(ChaincodeError.INVALID_STATE);
        assertThat(fresh.call(org.financeAdmin, "GrantRoles", "X", "[\"pope\"]").code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fresh.call(org.financeAdmin, "RegisterSubmitter", "{\"uscc\":\"123\"}")
                        .code())
                .isEqualTo(ChaincodeError.MALFORMED);
        assertThat(fresh.call(org.financeAdmin, "NoSuchFunction").code()).isEqualTo(ChaincodeError.MALFORMED);
    }

    @Test
    void endorsersAgreeByteForByte() throws Exception {
        // Two peers holding the same state run the same proposal: same writes, same result, same event.
        ContractFixture a = new ContractFixture().bootstrap();
        ContractFixture b = new ContractFixture().bootstrap();
        SealedBill sealed = a.seal(org.hospital.identity(), Consortium.USCC_HOSPITAL, 71);
        Outcome onA = a.call(org.hospital, "SubmitBill", json(sealed));
        Outcome onB = b.call(org.hospital, "SubmitBill", json(sealed));
        assertThat(onA.payload()).isEqualTo(onB.payload());
        assertThat(onA.eventPayload()).isEqualTo(onB.eventPayload());
        assertThat(canonicalState(a)).isEqualTo(canonicalState(b));
        // Results are canonical JSON.
        assertThat(io.fapiao.protocol.json.CanonicalJson.canonicalize(onA.payload()))
                .isEqualTo(onA.payload());
    }

    private static Map<String, String> canonicalState(ContractFixture fixture) {
        Map<String, String> state = new TreeMap<>();
        fixture.ledger.state.forEach((k, v) -> state.put(k, Base64Url.encode(v)));
        return state;
    }

    @Test
    void errorsCarryTheirCodeInMessageAndPayload() throws Exception {
        Outcome refused = fx.call(org.auditor, "GetBill", Consortium.USCC_HOSPITAL + ":none");
        assertThat(refused.code()).isEqualTo(ChaincodeError.NOT_FOUND);
        assertThat(refused.message()).startsWith("NOT_FOUND: bill ");
        assertThat(ChaincodeError.fromMessage("BILL_CONFLICT: x")).contains(ChaincodeError.BILL_CONFLICT);
        assertThat(ChaincodeError.fromMessage("something else")).isEmpty();
        assertThat(new String(refused.payload(), UTF_8)).isEqualTo("NOT_FOUND");
        // The payload is what a client trusts; a message that says otherwise does not change the code.
        assertThat(ChaincodeError.of(
                        new ChaincodeException("NOT_FOUND: misleading", "ALREADY_CLAIMED".getBytes(UTF_8))))
                .contains(ChaincodeError.ALREADY_CLAIMED);
        assertThat(ChaincodeError.of(new ChaincodeException("MALFORMED: no payload")))
                .contains(ChaincodeError.MALFORMED);
    }
}
