package io.fapiao.bench;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.ContentKey;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.EncryptedContent;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.crypto.WrappedKey;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.seal.BillOpener;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.OpenedBill;
import io.fapiao.protocol.seal.SealedBill;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sealing and opening a bill, beside each primitive operation they are made of, measured in the
 * same run so that {@link EnvelopeReport} can state the envelope's overhead as a ratio.
 *
 * <p>Sealing for two recipients is one signature, two key wraps, one content encryption and one
 * digest of the canonical bill. Opening is two signature verifications (the CA's over the signer's
 * certificate, the signer's over the header digest), one key unwrap, one content decryption and one
 * digest. Everything else (canonical JSON, base64url, parsing, validation) is overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A fixed, pre-touched heap, as a service runs with: with a growing default heap, open (which
// allocates most) kept getting faster for ten seconds and two forks differed by 12%, so short runs
// overstated its overhead. Every benchmark of the class runs under the same settings.
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class EnvelopeBenchmark {
    @Param({"INTL", "GM"})
    public String suite;

    @Param({"2048", "32768"})
    public int billBytes;

    private Bill bill;
    private byte[] plaintext;
    private Signer signer;
    private List<X509Certificate> recipients;
    private RecipientKey finance;
    private BillOpener opener;
    private byte[] sealed;
    private byte[] message;
    private byte[] signature;
    private X509Certificate signerCertificate;
    private ContentKey contentKey;
    private WrappedKey wrapped;
    private EncryptedContent encrypted;
    private byte[] aad;
    private CryptoSuite cryptoSuite;
    private java.security.PublicKey secondKey;
    private byte[] secondSignature;

    @Setup
    public void setUp() throws ProtocolException {
        cryptoSuite = CryptoSuite.valueOf(suite);
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant until = Instant.parse("2050-01-01T00:00:00Z");
        CertificateAuthority hospitalCa = CertificateAuthority.create(cryptoSuite, "HospitalOrg", "ca", from, until);
        CertificateAuthority financeCa = CertificateAuthority.create(cryptoSuite, "FinanceOrg", "ca", from, until);
        Identity hospital = hospitalCa.issue(IdentityProfile.named("his").validBetween(from, until));
        Identity financeIdentity =
                financeCa.issue(IdentityProfile.named("finance").validBetween(from, until));
        Identity issuer = financeCa.issue(IdentityProfile.named("issuer").validBetween(from, until));

        bill = SampleBills.ofApproximateSize(1, SampleBills.uscc(1), billBytes);
        plaintext = CanonicalJson.encode(bill);
        signer = hospital.signer();
        signerCertificate = hospital.certificate();
        recipients = List.of(financeIdentity.certificate(), issuer.certificate());
        finance = financeIdentity.recipientKey();
        opener = BillOpener.trusting(CertificateTrust.of(List.of(hospitalCa.certificate())));
        sealed = BillSealer.seal(bill, signer, recipients).toJson();

        message = cryptoSuite.digest(plaintext);
        signature = signer.sign(message);
        // Opening verifies under two keys (the CA's over the certificate, the signer's over the header);
        // the chain does the same, the first under a second identity's key.
        Identity second = hospitalCa.issue(IdentityProfile.named("second").validBetween(from, until));
        secondKey = second.certificate().getPublicKey();
        secondSignature = second.signer().sign(message);
        contentKey = ContentKey.generate(cryptoSuite);
        wrapped = contentKey.wrapFor(financeIdentity.certificate());
        // The envelope authenticates the canonical header and recipient list alongside the payload;
        // the primitive gets the very same bytes (it used to get 600 zero bytes, ~25% fewer).
        SealedBill parsed = SealedBill.fromJson(sealed);
        aad = CanonicalJson.encode(Map.of("header", parsed.header(), "recipients", parsed.recipients()));
        encrypted = contentKey.encrypt(plaintext, aad);
    }

    @Benchmark
    public byte[] seal() throws ProtocolException {
        return BillSealer.seal(bill, signer, recipients).toJson();
    }

    @Benchmark
    public OpenedBill open() throws ProtocolException {
        return opener.open(sealed, finance);
    }

    /**
     * The primitives of {@link #seal}, one after the other in one call and nothing else: what sealing
     * would cost if the envelope were free, with the caches and the JIT shared between the
     * primitives as they are in {@link #seal} (the isolated benchmarks below each run one alone).
     */
    @Benchmark
    public void sealPrimitives(Blackhole out) {
        out.consume(signer.sign(message));
        out.consume(contentKey.wrapFor(recipients.get(0)));
        out.consume(contentKey.wrapFor(recipients.get(1)));
        out.consume(contentKey.encrypt(plaintext, aad));
        out.consume(cryptoSuite.digest(plaintext));
    }

    /** The primitives of {@link #open}, one after the other in one call; see {@link #sealPrimitives}. */
    @Benchmark
    public void openPrimitives(Blackhole out) throws ProtocolException {
        out.consume(cryptoSuite.verify(secondKey, message, secondSignature));
        out.consume(cryptoSuite.verify(signerCertificate.getPublicKey(), message, signature));
        out.consume(finance.unwrap(wrapped));
        out.consume(contentKey.decrypt(encrypted, aad));
        out.consume(cryptoSuite.digest(plaintext));
    }

    @Benchmark
    public byte[] sign() {
        return signer.sign(message);
    }

    @Benchmark
    public boolean verify() {
        return cryptoSuite.verify(signerCertificate.getPublicKey(), message, signature);
    }

    @Benchmark
    public WrappedKey wrapKey() {
        return contentKey.wrapFor(recipients.get(0));
    }

    @Benchmark
    public ContentKey unwrapKey() throws ProtocolException {
        return finance.unwrap(wrapped);
    }

    @Benchmark
    public EncryptedContent encrypt() {
        return contentKey.encrypt(plaintext, aad);
    }

    @Benchmark
    public byte[] decrypt() throws ProtocolException {
        return contentKey.decrypt(encrypted, aad);
    }

    @Benchmark
    public byte[] digest() {
        return cryptoSuite.digest(plaintext);
    }
}
