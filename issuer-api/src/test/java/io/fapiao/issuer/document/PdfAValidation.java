package io.fapiao.issuer.document;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * veraPDF's verdict on a PDF, with its Java validator (the one its command line runs): the rules of
 * a PDF/A flavour the file breaks, each as {@code clause-test: what it says (where)}.
 *
 * <pre>{@code
 * assertThat(PdfAValidation.failedRules(pdf, PDFAFlavour.PDFA_3_B)).isEmpty();
 * }</pre>
 */
final class PdfAValidation {
    static {
        VeraGreenfieldFoundryProvider.initialise();
    }

    private PdfAValidation() {}

    /** The rules of {@code flavour} that {@code pdf} breaks; empty when veraPDF finds it compliant. */
    static List<String> failedRules(byte[] pdf, PDFAFlavour flavour) throws Exception {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf), flavour);
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
            ValidationResult result = validator.validate(parser);
            List<String> failed = result.getTestAssertions().stream()
                    .filter(assertion -> assertion.getStatus() == TestAssertion.Status.FAILED)
                    .map(assertion -> assertion.getRuleId().getClause() + "-"
                            + assertion.getRuleId().getTestNumber() + ": " + assertion.getMessage() + " ("
                            + assertion.getLocation().getContext() + ")")
                    .distinct()
                    .toList();
            if (!result.isCompliant() && failed.isEmpty()) {
                return List.of("not compliant (" + result.getJobEndStatus() + "), no rule named");
            }
            return failed;
        }
    }
}
