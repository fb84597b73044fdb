package io.fapiao.bench.micro;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Canonical JSON (RFC 8785) on the hot paths: the his-adapter encodes every bill it takes in
 * ({@code CanonicalJson.encode(bill)}), the envelope and the contract canonicalize JSON bytes they
 * receive ({@code canonicalize}), and the verifier and issuer bind the opened bill
 * ({@code Bill.parse}). Over an outpatient bill (a few items, about 1.5 KiB) and an inpatient one
 * (20 to 80 items, about 10–30 KiB).
 *
 * <pre>{@code
 * ./fapiao bench micro CanonicalJson
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class CanonicalJsonBenchmark {
    @Param({"outpatient", "inpatient"})
    public String kind;

    private Bill bill;
    private byte[] canonical;
    private byte[] jacksonOrder;

    @Setup
    public void setUp() throws ProtocolException {
        String uscc = SampleBills.uscc(1);
        bill = kind.equals("outpatient") ? SampleBills.outpatient(7, uscc) : SampleBills.inpatient(7, uscc);
        canonical = CanonicalJson.encode(bill);
        // Jackson writes record components in declaration order: the input a canonicalizer must reorder.
        jacksonOrder = Json.mapper().writeValueAsBytes(bill);
        if (java.util.Arrays.equals(canonical, jacksonOrder)) {
            throw new IllegalStateException(
                    "the non-canonical input is already canonical; the benchmark would be easy");
        }
        if (!java.util.Arrays.equals(CanonicalJson.canonicalize(jacksonOrder), canonical)) {
            throw new IllegalStateException("canonicalize and encode disagree");
        }
    }

    /** Bytes of the canonical bill, for the report (not timed). */
    public int canonicalBytes() {
        return canonical.length;
    }

    @Benchmark
    public byte[] encodeBill() {
        return CanonicalJson.encode(bill);
    }

    @Benchmark
    public byte[] canonicalizeBytes() throws ProtocolException {
        return CanonicalJson.canonicalize(jacksonOrder);
    }

    @Benchmark
    public Bill parseBill() throws ProtocolException {
        return Bill.parse(canonical);
    }
}
