package io.fapiao.verifier.verdicts;

import io.fapiao.service.problem.ApiProblem;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bureau's view of its verdicts: one bill's verdict, and the latest verdicts by outcome or reason
 * for the operators who review rejections and suspected duplicates.
 *
 * <pre>
 * GET /v1/verdicts/121101054000012809:MZ0000000001
 * GET /v1/verdicts?state=REJECTED&amp;limit=20
 * GET /v1/verdicts?reason=DUPLICATE_SUSPECTED
 * </pre>
 */
@RestController
@RequestMapping("/v1/verdicts")
public class VerdictController {
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    static final int MAX_LIMIT = 500;

    private final VerdictStore verdicts;

    public VerdictController(VerdictStore verdicts) {
        this.verdicts = verdicts;
    }

    @GetMapping("/{billKey}")
    public StoredVerdict verdict(@PathVariable String billKey) {
        return verdicts.find(billKey)
                .orElseThrow(() -> new ApiProblem(
                                HttpStatus.NOT_FOUND,
                                "VERDICT_NOT_FOUND",
                                "no verdict on bill " + billKey
                                        + " yet: it is not submitted, or the verifier has not reached it; "
                                        + "retry later, or check the bill on the ledger")
                        .with("billKey", billKey));
    }

    @GetMapping
    public VerdictPage verdicts(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        if (state != null && !state.equals("ACCEPTED") && !state.equals("REJECTED")) {
            throw new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "INVALID_PARAMETER",
                            "state must be ACCEPTED or REJECTED; got '" + state + "'")
                    .with("parameter", "state");
        }
        if (reason != null && !REASON.matcher(reason).matches()) {
            throw new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "INVALID_PARAMETER",
                            "reason must be a reason code such as DUPLICATE_SUSPECTED; got '" + reason + "'")
                    .with("parameter", "reason");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "INVALID_PARAMETER",
                            "limit must be between 1 and " + MAX_LIMIT + "; got " + limit)
                    .with("parameter", "limit");
        }
        List<StoredVerdict> page = verdicts.list(state, reason, before, limit);
        Long next = page.size() == limit ? page.get(page.size() - 1).number() : null;
        return new VerdictPage(page, next);
    }

    /**
     * One page of verdicts, newest first.
     *
     * @param verdicts the verdicts
     * @param before   pass as {@code before} for the next page; null on the last page
     */
    public record VerdictPage(List<StoredVerdict> verdicts, Long before) {}
}
