package io.fapiao.hisadapter;

import io.fapiao.protocol.crypto.CryptoSuite;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the HIS adapter does with the bills it receives: whose bills it accepts, under which suite it
 * seals them, for whom, and whom it tells about their progress. Its ledger identity (which also signs
 * INTL bills) is {@code fapiao.identity}.
 *
 * <pre>{@code
 * fapiao.his.submitters=91110108MA01ABCD2X,12110000400000001X
 * fapiao.his.suite=INTL
 * fapiao.his.suites.12110000400000001X=GM
 * fapiao.his.gm-seals-dir=/etc/fapiao/gm/seal
 * fapiao.his.recipients.intl=/etc/fapiao/finance.pem,/etc/fapiao/issuer.pem
 * fapiao.his.recipients.gm=/etc/fapiao/gm/finance/cert.pem,/etc/fapiao/gm/issuer/cert.pem
 * fapiao.his.callback-url=https://his.example/fapiao/status
 * }</pre>
 *
 * @param submitters      USCCs whose bills this adapter accepts; required, so that an adapter never
 *                        serves submitters nobody named for it
 * @param suite           the suite bills are sealed under unless {@code suites} names the submitter
 * @param suites          per-submitter suite overrides, USCC → INTL|GM
 * @param gmSealsDir      folder of the submitters' GM seals, {@code <dir>/<uscc>/{cert.pem,key.pem}}
 * @param recipients      the certificates every sealed bill is encrypted to, per suite
 * @param dataKeyFile     the key that encrypts bills at rest (32 bytes, base64); created on first
 *                        start when missing
 * @param callbackUrl     where status notifications are POSTed; none are sent when unset
 * @param pollInterval    how often the workers look for due work when nothing woke them
 * @param initialBackoff  wait after the first failed attempt (submission or delivery)
 * @param maxBackoff      the longest wait between attempts; attempts never stop
 * @param lease           how long a worker holds a claimed row before another instance may take it
 * @param callbackTimeout deadline of one callback POST
 * @param workers         submission threads: each seals and submits one bill and waits for its commit,
 *                        so one thread would cap the adapter at one bill per commit latency; the
 *                        work queue's leases keep the threads off each other's bills
 */
@ConfigurationProperties("fapiao.his")
public record HisProperties(
        List<String> submitters,
        @DefaultValue("INTL") CryptoSuite suite,
        Map<String, CryptoSuite> suites,
        Path gmSealsDir,
        @DefaultValue Recipients recipients,
        Path dataKeyFile,
        URI callbackUrl,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("60s") Duration maxBackoff,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("10s") Duration callbackTimeout,
        @DefaultValue("8") int workers) {

    public HisProperties {
        if (submitters == null || submitters.isEmpty()) {
            throw new IllegalArgumentException("fapiao.his.submitters is not set: name the USCCs whose bills this "
                    + "adapter accepts (comma-separated)");
        }
        submitters = List.copyOf(submitters);
        suites = suites == null ? Map.of() : Map.copyOf(suites);
        if (workers < 1) {
            throw new IllegalArgumentException("fapiao.his.workers must be at least 1, not " + workers);
        }
        if (initialBackoff != null
                && (initialBackoff.isNegative()
                        || initialBackoff.isZero()
                        || (maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0))) {
            throw new IllegalArgumentException("need 0 < fapiao.his.initial-backoff <= fapiao.his.max-backoff, not "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** The suite {@code uscc}'s bills are sealed under. */
    public CryptoSuite suiteOf(String uscc) {
        return suites.getOrDefault(uscc, suite);
    }

    /**
     * The recipients' certificate files per suite: the finance bureau's and the issuer's.
     *
     * @param intl P-256 certificates, for INTL bills
     * @param gm   SM2 certificates, for GM bills
     */
    public record Recipients(List<Path> intl, List<Path> gm) {
        public Recipients {
            intl = intl == null ? List.of() : List.copyOf(intl);
            gm = gm == null ? List.of() : List.copyOf(gm);
        }

        /** The files for {@code suite}. */
        public List<Path> of(CryptoSuite suite) {
            return suite == CryptoSuite.GM ? gm : intl;
        }
    }
}
