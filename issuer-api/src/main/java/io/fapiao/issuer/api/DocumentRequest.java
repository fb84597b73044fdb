package io.fapiao.issuer.api;

import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.service.problem.ApiProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Which form of an invoice document a download asks for, and the answers that are not the document:
 * the names are those of the {@code format} query parameter, {@value #JSON} (the signed record) and
 * the {@link DocumentFormat}s in lower case ({@code pdf}, {@code ofd}). Without the parameter the
 * {@code Accept} header decides as it always did: any JSON type asks for the record, otherwise
 * {@code application/ofd} asks for the OFD when it is preferred to {@code application/pdf}, and
 * anything else (none, {@code *}{@code /*}, {@code application/pdf}) for the PDF.
 *
 * <pre>{@code
 * DocumentRequest.fromAccept("application/ofd")               // "ofd"
 * DocumentRequest.format("pdf")                               // Optional[PDF]
 * throw DocumentRequest.unavailable(number, "ofd", Set.of(DocumentFormat.PDF));   // 406 FORMAT_UNAVAILABLE
 * }</pre>
 */
final class DocumentRequest {
    /** The signed JSON record's name. */
    static final String JSON = "json";

    private DocumentRequest() {}

    /** The form {@code accept} asks for; see the class comment. */
    static String fromAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return name(DocumentFormat.PDF);
        }
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            return name(DocumentFormat.PDF);
        }
        types.removeIf(type -> type.getQualityValue() <= 0);
        if (types.stream()
                .anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType())) {
            return JSON;
        }
        // Highest quality first; of equal quality, the one named first.
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : types) {
            for (DocumentFormat format : DocumentFormat.values()) {
                if (type.equalsTypeAndSubtype(MediaType.parseMediaType(format.mediaType()))) {
                    return name(format);
                }
            }
        }
        return name(DocumentFormat.PDF);
    }

    /** The rendition named {@code name}; empty for {@value #JSON} and for names of no format. */
    static Optional<DocumentFormat> format(String name) {
        return Stream.of(DocumentFormat.values())
                .filter(format -> name(format).equals(name))
                .findFirst();
    }

    static String name(DocumentFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    /** 202 DOCUMENT_RENDERING: the rendition is queued and not made yet. */
    static ResponseEntity<ProblemDetail> rendering(String number, String wanted, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(
                HttpStatus.ACCEPTED,
                "the " + wanted + " of invoice " + number + " is being rendered; ask again in " + seconds + " s");
        body.setProperty("code", "DOCUMENT_RENDERING");
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(body);
    }

    /** 406 FORMAT_UNAVAILABLE, naming the forms that can be downloaded for this invoice. */
    static ApiProblem unavailable(String number, String wanted, Set<DocumentFormat> available) {
        List<String> formats = new ArrayList<>(List.of(JSON));
        available.stream().sorted().map(DocumentRequest::name).forEach(formats::add);
        return new ApiProblem(
                        HttpStatus.NOT_ACCEPTABLE,
                        "FORMAT_UNAVAILABLE",
                        "invoice " + number + " is not made in " + wanted + " by this issuer (an OFD is sealed "
                                + "with the SM2 key of a GM invoice); it is available as " + String.join(", ", formats))
                .with("formats", formats);
    }
}
