package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Committed;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the bench asks of the contract's governance before it submits bills, the same on either ledger:
 * governance initialised by the FinanceOrg Admin (idempotent), HospitalOrg granted the hospital and
 * enterprise roles, and {@code n} submitters registered to HospitalOrg, each with a client certificate
 * of its own issued by HospitalOrg's CA and pinned to its USCC ({@code role=hospital},
 * {@code uscc=<uscc>}).
 *
 * <pre>{@code
 * List<BenchGovernance.Registered> who = BenchGovernance.registerSubmitters(admin, hospitalCa, 64);
 * }</pre>
 */
public final class BenchGovernance {
    static final String HOSPITAL_MSP = "HospitalOrgMSP";
    static final String FINANCE_MSP = "FinanceOrgMSP";

    /** A registered submitter: its USCC and the identity pinned to it. */
    public record Registered(String uscc, Identity identity) {}

    private BenchGovernance() {}

    /**
     * Bootstraps governance as {@code admin} (FinanceOrg's Admin), registers {@code count} USCCs to
     * HospitalOrg at once (so that they share a few blocks) and issues their identities.
     */
    public static List<Registered> registerSubmitters(Ledger admin, CertificateAuthority hospitalCa, int count)
            throws LedgerException, ProtocolException {
        admin.submit("InitGovernance", FINANCE_MSP);
        admin.submit("GrantRoles", HOSPITAL_MSP, "[\"hospital\",\"enterprise\"]");
        List<String> usccs = distinctUsccs(count);
        register(admin, usccs);
        List<Registered> registered = new ArrayList<>();
        for (int i = 0; i < usccs.size(); i++) {
            String name = "bench-hospital-" + (i + 1);
            Identity identity = hospitalCa.issue(IdentityProfile.named(name)
                    .withUnit("client")
                    .withAttribute("hf.EnrollmentID", name)
                    .withAttribute("hf.Type", "client")
                    .withAttribute("role", "hospital")
                    .withAttribute("uscc", usccs.get(i)));
            registered.add(new Registered(usccs.get(i), identity));
        }
        return List.copyOf(registered);
    }

    private static List<String> distinctUsccs(int count) {
        Set<String> usccs = new LinkedHashSet<>();
        for (long seed = 1; usccs.size() < count; seed++) {
            usccs.add(SampleBills.uscc(seed));
        }
        return List.copyOf(usccs);
    }

    private static void register(Ledger admin, List<String> usccs) throws LedgerException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Committed>> done = new ArrayList<>();
            for (String uscc : usccs) {
                Map<String, String> submitter = new LinkedHashMap<>();
                submitter.put("uscc", uscc);
                submitter.put("name", "Bench hospital " + uscc);
                submitter.put("mspId", HOSPITAL_MSP);
                submitter.put("validFrom", now.minus(Duration.ofDays(1)).toString());
                submitter.put("validTo", now.plus(Duration.ofDays(365)).toString());
                String json = Json.mapper().writeValueAsString(submitter);
                done.add(pool.submit(() -> admin.submit("RegisterSubmitter", json)));
            }
            for (Future<Committed> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof LedgerException le) {
                        throw le;
                    }
                    throw new IllegalStateException("registering a submitter failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while registering submitters", e);
                }
            }
        }
    }
}
