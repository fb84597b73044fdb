package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ledger.InvoiceNumber;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where this issuer's invoice numbers come from: its issuer id, its bill-code prefix (or, in an old
 * deployment, its series) on the ledger, and how far ahead it reserves. The year in a number is the
 * calendar year in {@code zone} when the number is taken.
 *
 * <p>New invoices are numbered in the Ministry of Finance's e-bill form, bill code and 10-digit number
 * ({@code 44010126-0000000042}): set {@code bill-code-prefix} to the six digits the finance bureau
 * assigned (region, bill class, bill type); the year's last two digits complete the bill code. An
 * issuer that set {@code series} (the form before, {@code FP01-2026-00000042}) keeps numbering in that
 * form until it sets a prefix instead; it says so at start-up. Setting both is refused. Setting neither
 * numbers under {@link #DEFAULT_BILL_CODE_PREFIX}, a development value, with a start-up warning.
 *
 * <pre>{@code
 * fapiao.issuer.numbering.issuer-id=issuer1
 * fapiao.issuer.numbering.bill-code-prefix=440101
 * fapiao.issuer.numbering.low-water=200
 * fapiao.issuer.numbering.batch=1000
 * }</pre>
 *
 * @param issuerId              the issuer id given to the reservations, {@code [A-Za-z0-9._-]{1,64}}
 * @param billCodePrefix        the 6-digit MoF bill-code prefix; null when {@code series} is set
 * @param series                the old series, 1 to 12 upper-case letters or digits; null (the usual case)
 *                              to number in the MoF form
 * @param lowWater              when fewer numbers than this remain in the local ranges of the current
 *                              bill code (or series and year), one more batch is reserved in the background
 * @param batch                 how many numbers one reservation asks for
 * @param zone                  the time zone whose calendar year goes into the number
 * @param checkCodeSecret       base64url HMAC key of the check codes (at least 32 bytes); when unset a
 *                              random key is generated on first start and kept in the database
 * @param checkCodeDigestSecret base64url HMAC key of the check codes' digests on the ledger (at least 32
 *                              bytes), unset as above. A key of its own, so that the check-code key can
 *                              change; this one never may: the ledger's digests of earlier invoices are
 *                              made with it
 */
@ConfigurationProperties("fapiao.issuer.numbering")
public record NumberingProperties(
        @DefaultValue("issuer1") String issuerId,
        String billCodePrefix,
        String series,
        @DefaultValue("200") int lowWater,
        @DefaultValue("1000") int batch,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        String checkCodeSecret,
        String checkCodeDigestSecret) {

    /**
     * The prefix when none is configured: 44 Guangdong, bill class 01, bill type 01. A development value
     * only; a real issuer uses the prefix its finance bureau assigned.
     */
    public static final String DEFAULT_BILL_CODE_PREFIX = "440101";

    public NumberingProperties {
        if (issuerId == null || !issuerId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("fapiao.issuer.numbering.issuer-id '" + issuerId
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        billCodePrefix = blankToNull(billCodePrefix);
        series = blankToNull(series);
        if (billCodePrefix != null && series != null) {
            throw new IllegalArgumentException("fapiao.issuer.numbering.bill-code-prefix and .series are both set; "
                    + "set only bill-code-prefix (the MoF form, e.g. 44010126-0000000042) or, to keep numbering "
                    + "in the old form, only series");
        }
        if (billCodePrefix != null
                && !InvoiceNumber.BILL_CODE_PREFIX.matcher(billCodePrefix).matches()) {
            throw new IllegalArgumentException("fapiao.issuer.numbering.bill-code-prefix '" + billCodePrefix
                    + "' must be 6 digits: region (2), bill class (2) and bill type (2) as the finance bureau "
                    + "assigned them");
        }
        if (series != null && !InvoiceNumber.SERIES.matcher(series).matches()) {
            throw new IllegalArgumentException(
                    "fapiao.issuer.numbering.series '" + series + "' must be 1 to 12 upper-case letters or digits");
        }
        if (batch < 1 || batch > 1_000_000) {
            throw new IllegalArgumentException("fapiao.issuer.numbering.batch must be 1 to 1000000, not " + batch);
        }
        if (lowWater < 0 || lowWater > batch) {
            throw new IllegalArgumentException(
                    "fapiao.issuer.numbering.low-water must be 0 to the batch size (" + batch + "), not " + lowWater);
        }
    }

    /** The form new numbers take: the MoF form unless an old series is configured. */
    public InvoiceNumber.Form form() {
        return series == null ? InvoiceNumber.Form.BILL_CODE : InvoiceNumber.Form.SERIES;
    }

    /**
     * What the ledger's ranges of this issuer are keyed by: the bill-code prefix (configured or
     * {@link #DEFAULT_BILL_CODE_PREFIX}) or the old series.
     */
    public String rangeSeries() {
        if (series != null) {
            return series;
        }
        return billCodePrefix == null ? DEFAULT_BILL_CODE_PREFIX : billCodePrefix;
    }

    /** Whether the prefix is the development default, not one configured. */
    public boolean defaultPrefix() {
        return series == null && billCodePrefix == null;
    }

    /** The number of {@code sequence} in this issuer's form for {@code year}. */
    public InvoiceNumber number(int year, long sequence) {
        return new InvoiceNumber(form(), rangeSeries(), year, sequence);
    }

    /** What the numbers of {@code year} are called in messages: "bill code 44010126" or "series FP01 2026". */
    public String scope(int year) {
        return form() == InvoiceNumber.Form.BILL_CODE
                ? "bill code " + number(year, 1).billCode()
                : "series " + series + " " + year;
    }

    @Override
    public String toString() {
        // The check-code keys must never reach a log line.
        return "NumberingProperties[issuerId=" + issuerId + ", billCodePrefix=" + billCodePrefix + ", series=" + series
                + ", lowWater=" + lowWater + ", batch=" + batch + ", zone=" + zone + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
