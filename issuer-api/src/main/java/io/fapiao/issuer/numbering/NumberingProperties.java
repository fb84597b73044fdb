package io.fapiao.issuer.numbering;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where this issuer's invoice numbers come from: its issuer id and series on the ledger, and how far
 * ahead it reserves. Numbers are {@code <series>-<year>-<8 digits>}; the year is the calendar year in
 * {@code zone} when the number is taken.
 *
 * <pre>{@code
 * fapiao.issuer.numbering.issuer-id=issuer1
 * fapiao.issuer.numbering.series=FP01
 * fapiao.issuer.numbering.low-water=200
 * fapiao.issuer.numbering.batch=1000
 * }</pre>
 *
 * @param issuerId              the issuer id given to ReserveNumberRange, {@code [A-Za-z0-9._-]{1,64}}
 * @param series                the series, 1 to 12 upper-case letters or digits
 * @param lowWater              when fewer numbers than this remain in the local ranges of the current
 *                              series and year, one more batch is reserved in the background
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
        @DefaultValue("FP01") String series,
        @DefaultValue("200") int lowWater,
        @DefaultValue("1000") int batch,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        String checkCodeSecret,
        String checkCodeDigestSecret) {

    public NumberingProperties {
        if (issuerId == null || !issuerId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("fapiao.issuer.numbering.issuer-id '" + issuerId
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (series == null || !series.matches("[A-Z0-9]{1,12}")) {
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

    @Override
    public String toString() {
        // The check-code keys must never reach a log line.
        return "NumberingProperties[issuerId=" + issuerId + ", series=" + series + ", lowWater=" + lowWater + ", batch="
                + batch + ", zone=" + zone + "]";
    }
}
