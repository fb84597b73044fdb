package io.fapiao.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Errors never carry unbounded input back: details, violation messages and their number are capped. */
class ProblemResponsesTest {
    private final ProblemResponses responses = new ProblemResponses();

    @Test
    void aDetailQuotingAHugeIdIsCutAndSaysHowMuchWasLeftOut() {
        String id = "B".repeat(100_000);
        ResponseEntity<Object> answer =
                responses.apiProblem(new ApiProblem(HttpStatus.NOT_FOUND, "BILL_NOT_FOUND", "no bill " + id));
        ProblemDetail body = (ProblemDetail) answer.getBody();
        assertThat(body.getDetail())
                .hasSizeLessThan(ProblemResponses.DETAIL_MAX + 60)
                .startsWith("no bill BBB")
                .endsWith("more characters not shown)");
        assertThat(body.getProperties()).containsEntry("code", "BILL_NOT_FOUND");
    }

    @Test
    void aBusinessRefusalIsAnsweredAsTheControllersProblemOfItsKindsStatus() {
        Map<RequestRefused.Kind, HttpStatus> statuses = Map.of(
                RequestRefused.Kind.MALFORMED, HttpStatus.BAD_REQUEST,
                RequestRefused.Kind.NOT_ALLOWED, HttpStatus.FORBIDDEN,
                RequestRefused.Kind.NOT_FOUND, HttpStatus.NOT_FOUND,
                RequestRefused.Kind.CONFLICT, HttpStatus.CONFLICT,
                RequestRefused.Kind.UNACCEPTABLE, HttpStatus.UNPROCESSABLE_CONTENT,
                RequestRefused.Kind.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(statuses).hasSize(RequestRefused.Kind.values().length);
        statuses.forEach((kind, status) -> {
            ResponseEntity<Object> refused = responses.refused(
                    new RequestRefused(kind, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key k was already used")
                            .with("idempotencyKey", "k"));
            ResponseEntity<Object> problem = responses.apiProblem(
                    new ApiProblem(status, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key k was already used")
                            .with("idempotencyKey", "k"));
            assertThat(refused.getStatusCode()).isEqualTo(status);
            assertThat(refused.getHeaders()).isEqualTo(problem.getHeaders());
            assertThat(refused.getBody()).isEqualTo(problem.getBody());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBillWithThousandsOfBrokenLinesGetsTheFirstViolationsAndACount() {
        List<Violation> violations = IntStream.range(0, 5_000)
                .mapToObj(i -> new Violation("items[" + i + "].name", "BAD_FORMAT", "name " + "x".repeat(10_000)))
                .toList();
        ResponseEntity<Object> answer =
                responses.protocol(new ProtocolException(ErrorCode.INVALID_BILL, "bill breaks 5000 rules", violations));
        ProblemDetail body = (ProblemDetail) answer.getBody();
        List<Map<String, String>> shown =
                (List<Map<String, String>>) body.getProperties().get("violations");
        assertThat(shown).hasSize(ProblemResponses.VIOLATIONS_MAX);
        assertThat(shown)
                .allSatisfy(v -> assertThat(v.get("message")).hasSizeLessThan(ProblemResponses.DETAIL_MAX + 60));
        assertThat(body.getProperties()).containsEntry("violationsNotShown", 5_000 - ProblemResponses.VIOLATIONS_MAX);
    }

    @Test
    void shortDetailsAreLeftAlone() {
        assertThat(ProblemResponses.bounded("no bill B-1")).isEqualTo("no bill B-1");
        assertThat(ProblemResponses.bounded(null)).isNull();
    }
}
