package io.fapiao.bench.lifecycle;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.json.CanonicalJson;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bills the load generator pushes: {@link SampleBills#outpatient realistic outpatient bills} from
 * the development plan's hospitals in turn, each with a bill id never used before (the seeds start at
 * the run's wall-clock millisecond × 1000) and issued now, Beijing time ({@link Bill#reissued}).
 *
 * <p>The issue time is replaced because the sample bills are dated 2024–2025 while the development
 * plan qualifies its submitters from the day before {@code ./fapiao up} and its certificates are made
 * then: the finance bureau checks the qualification and the signer's certificate at the issue time and
 * would reject every sample bill.
 *
 * <pre>{@code
 * HospitalBills bills = HospitalBills.of(DevelopmentConsortiumPlan.hospitals(), Clock.systemUTC());
 * HospitalBills.Next next = bills.next();   // next.billKey(), next.json()
 * }</pre>
 */
public final class HospitalBills {
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final List<String> hospitals;
    private final Clock clock;
    private final AtomicLong seeds;

    private HospitalBills(List<String> hospitals, Clock clock, long firstSeed) {
        if (hospitals.isEmpty()) {
            throw new IllegalArgumentException("at least one hospital is needed");
        }
        this.hospitals = List.copyOf(hospitals);
        this.clock = clock;
        this.seeds = new AtomicLong(firstSeed);
    }

    /** Bills from {@code hospitals} (USCCs the his-adapter serves) in turn. */
    public static HospitalBills of(List<String> hospitals, Clock clock) {
        return new HospitalBills(hospitals, clock, clock.millis() * 1000);
    }

    /** The first {@code count} submitters of the development plan (three hospitals, then the enterprise). */
    public static List<String> planHospitals(int count) {
        List<String> all = List.copyOf(DevelopmentConsortiumPlan.SUBMITTERS.keySet());
        if (count < 1 || count > all.size()) {
            throw new IllegalArgumentException(
                    "--hospitals must be 1 to " + all.size() + " (the development plan's submitters)");
        }
        return all.subList(0, count);
    }

    public List<String> hospitals() {
        return hospitals;
    }

    /**
     * A bill ready to post.
     *
     * @param billKey {@code <uscc>:<billId>}, as the services name it
     * @param json    the bill's canonical JSON, the request body
     */
    public record Next(String billKey, byte[] json) {}

    /** The next bill: the next hospital in turn, a fresh seed (its own bill id), issued now. */
    public Next next() {
        long seed = seeds.getAndIncrement();
        String uscc = hospitals.get((int) Math.floorMod(seed, (long) hospitals.size()));
        Bill sample = SampleBills.outpatient(seed, uscc);
        // Under the registered name: the adapter and the verifier refuse a bill under any other.
        Bill bill = DevelopmentConsortiumPlan.asRegistered(sample.reissued(
                sample.billId(), clock.instant().truncatedTo(ChronoUnit.SECONDS).atOffset(BEIJING)));
        return new Next(uscc + ":" + bill.billId(), CanonicalJson.encode(bill));
    }
}
