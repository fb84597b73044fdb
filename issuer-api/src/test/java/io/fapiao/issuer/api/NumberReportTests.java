package io.fapiao.issuer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.httpsig.HttpMessage;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.InvoiceNumber;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/numbering/report} on each database, through the real HTTP stack: the numbers of a
 * month and of a year counted by state, the void ones with their reasons, the gap left by numbers
 * whose rows were lost, an empty period, a malformed one, and callers without the role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NumberReportTests {
    @TempDir
    static Path dir;

    static IssuerPlatform platform;
    static ConfigurableApplicationContext service;

    /** The database properties of the one service of the class, a fresh schema. */
    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        platform = IssuerPlatform.start(dir);
        service = platform.startService(database(), false);
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void countsUsedVoidAndTakenNumbersOfAMonthAndAYearAndListsVoidsAndGapsExactly() throws Exception {
        Numbering numbering = service.getBean(Numbering.class);
        String first = issue(961);
        String second = issue(962);
        TakenNumber lost1 = numbering.take(NumberPurpose.BLUE, "report:LOST-1");
        TakenNumber lost2 = numbering.take(NumberPurpose.BLUE, "report:LOST-2");
        String third = issue(963);
        TakenNumber voided = numbering.take(NumberPurpose.BLUE, "report:VOID");
        numbering.voidNumber(voided.invoiceNumber(), "the bill was withdrawn");
        TakenNumber promised = numbering.take(NumberPurpose.BLUE, "report:TAKEN");
        String fourth = issue(964);
        InvoiceNumber lowest = InvoiceNumber.parse("first", first);
        List<String> inOrder = List.of(
                first,
                second,
                lost1.invoiceNumber(),
                lost2.invoiceNumber(),
                third,
                voided.invoiceNumber(),
                promised.invoiceNumber(),
                fourth);
        for (int i = 0; i < inOrder.size(); i++) {
            assertThat(inOrder.get(i))
                    .as("numbers are handed out one after the other")
                    .isEqualTo(lowest.withSequence(lowest.sequence() + i).toString());
        }
        // Two numbers handed out whose rows are gone, as a restore of an older backup or a hand in the
        // database would leave them: exactly what the gap list is for.
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        for (TakenNumber lost : List.of(lost1, lost2)) {
            jdbc.update("delete from number_assignment where invoice_number = ?", lost.invoiceNumber());
            jdbc.update("delete from invoice_number where invoice_number = ?", lost.invoiceNumber());
        }

        ZoneId zone = numbering.properties().zone();
        YearMonth month =
                YearMonth.from(numbering.find(first).orElseThrow().takenAt().atZone(zone));
        String voidTakenAt =
                numbering.find(voided.invoiceNumber()).orElseThrow().takenAt().toString();
        JsonNode expected = Json.readTree(("""
                {"billCode": "%s", "series": "%s", "year": %d,
                 "counts": {"USED": 4, "VOID": 1, "TAKEN": 1},
                 "voids": [{"invoiceNumber": "%s", "reason": "the bill was withdrawn", "takenAt": "%s"}],
                 "lowestUsed": "%s", "highestUsed": "%s",
                 "gaps": [{"from": "%s", "to": "%s", "count": 2}],
                 "reserved": 20, "notHandedOut": 12}
                """)
                .formatted(
                        lowest.billCode(),
                        lowest.series(),
                        lowest.year(),
                        voided.invoiceNumber(),
                        voidTakenAt,
                        first,
                        fourth,
                        lost1.invoiceNumber(),
                        lost2.invoiceNumber())
                .getBytes(StandardCharsets.UTF_8));

        JsonNode ofMonth = report(month.toString());
        assertThat(ofMonth.get("period").stringValue()).isEqualTo(month.toString());
        assertThat(ofMonth.get("zone").stringValue()).isEqualTo(zone.getId());
        assertThat(ofMonth.get("from").stringValue())
                .isEqualTo(month.atDay(1).atStartOfDay(zone).toInstant().toString());
        assertThat(ofMonth.get("to").stringValue())
                .isEqualTo(month.plusMonths(1)
                        .atDay(1)
                        .atStartOfDay(zone)
                        .toInstant()
                        .toString());
        assertThat(ofMonth.get("scopes")).hasSize(1);
        assertThat(ofMonth.get("scopes").get(0)).isEqualTo(expected);

        JsonNode ofYear = report(Integer.toString(month.getYear()));
        assertThat(ofYear.get("scopes")).hasSize(1);
        assertThat(ofYear.get("scopes").get(0)).isEqualTo(expected);

        // Another month of the year: nothing taken in it, the year's ranges all the same.
        YearMonth other = month.getMonthValue() == 1 ? month.plusMonths(1) : month.minusMonths(1);
        JsonNode ofOther = report(other.toString());
        assertThat(ofOther.get("scopes")).hasSize(1);
        assertThat(ofOther.get("scopes").get(0))
                .isEqualTo(Json.readTree(("""
                        {"billCode": "%s", "series": "%s", "year": %d,
                         "counts": {"USED": 0, "VOID": 0, "TAKEN": 0}, "voids": [], "gaps": [],
                         "reserved": 20, "notHandedOut": 12}
                        """)
                        .formatted(lowest.billCode(), lowest.series(), lowest.year())
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPeriodWithNothingInItHasNoScopes() throws Exception {
        JsonNode report = report("2000-01");
        assertThat(report.get("period").stringValue()).isEqualTo("2000-01");
        assertThat(report.get("scopes")).isEmpty();
        assertThat(report("2001").get("scopes")).isEmpty();
    }

    @Test
    void aMalformedOrMissingPeriodIsRefusedWithInvalidParameter() throws Exception {
        SignedHttp desk = platform.http(service, platform.issuerClient);
        for (String path : List.of(
                "/v1/numbering/report?period=2026-13",
                "/v1/numbering/report?period=12-2026",
                "/v1/numbering/report?period=2026-1",
                "/v1/numbering/report?period=2026-12-01",
                "/v1/numbering/report?period=",
                "/v1/numbering/report")) {
            HttpResponse<byte[]> response = desk.get(path, "application/json");
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(Json.readTree(response.body()).get("code").stringValue())
                    .as(path)
                    .isEqualTo("INVALID_PARAMETER");
        }
    }

    @Test
    void callersWithoutTheRoleAreRefusedAndStrangersAreNotLetIn() throws Exception {
        String path = "/v1/numbering/report?period=2026";
        for (var client : List.of(platform.enterpriseClient, platform.claimantClient)) {
            HttpResponse<byte[]> response = platform.http(service, client).get(path, "application/json");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(Json.readTree(response.body()).get("code").stringValue()).isEqualTo("ROLE_REQUIRED");
        }
        SignedHttp desk = platform.http(service, platform.issuerClient);
        HttpResponse<byte[]> unsigned = SignedHttp.sendAsIs(HttpMessage.request("GET", desk.uri(path), Map.of(), null));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        HttpResponse<byte[]> stranger =
                platform.http(service, platform.strangerClient).get(path, "application/json");
        assertThat(stranger.statusCode()).isEqualTo(401);
    }

    private String issue(long seed) throws Exception {
        BillKey bill = platform.verifiedBill(seed);
        HttpResponse<byte[]> created = platform.http(service, platform.issuerClient)
                .post("/v1/invoices", UUID.randomUUID().toString(), "{\"billKey\":\"" + bill + "\"}");
        assertThat(created.statusCode())
                .as(new String(created.body(), StandardCharsets.UTF_8))
                .isEqualTo(201);
        return Json.readTree(created.body()).get("invoiceNumber").stringValue();
    }

    private JsonNode report(String period) throws Exception {
        HttpResponse<byte[]> response = platform.http(service, platform.issuerClient)
                .get("/v1/numbering/report?period=" + period, "application/json");
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return Json.readTree(response.body());
    }
}
