package io.fapiao.ledger.client;

import io.fapiao.ledger.client.LedgerException.Step;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A signed, retrying connection to one chaincode on one channel, through the Fabric Gateway
 * protocol: the same code reaches the embedded node and a Fabric peer. Transient failures (node
 * unreachable, deadline, an MVCC conflict at commit) are retried under the {@link RetryPolicy}; a
 * chaincode's refusal never is.
 *
 * <pre>{@code
 * try (Ledger ledger = Ledger.connect(settings)) {
 *     Committed done = ledger.submit("SubmitBill", sealedBillJson);
 *     byte[] bill = ledger.evaluate("GetBill", billKey);
 * }
 * }</pre>
 */
public final class Ledger implements AutoCloseable {
    private static final Set<TxValidationCode> CONFLICTS =
            EnumSet.of(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.PHANTOM_READ_CONFLICT);

    private final LedgerSettings settings;
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;

    private Ledger(LedgerSettings settings, ManagedChannel channel, Gateway gateway) {
        this.settings = settings;
        this.channel = channel;
        this.gateway = gateway;
        this.network = gateway.getNetwork(settings.channel());
        this.contract = network.getContract(settings.chaincode());
    }

    /** Connects with the private key named in the settings. */
    public static Ledger connect(LedgerSettings settings) throws IOException {
        Path keyFile = settings.privateKey()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no private key file in the ledger settings; pass a Signer instead"));
        try (Reader reader = Files.newBufferedReader(keyFile)) {
            return connect(settings, Signers.newPrivateKeySigner(Identities.readPrivateKey(reader)));
        } catch (InvalidKeyException e) {
            throw new IOException("the private key in " + keyFile + " cannot sign: " + e.getMessage(), e);
        }
    }

    /** Connects with a signer of the caller's choosing, for example one backed by an HSM. */
    public static Ledger connect(LedgerSettings settings, Signer signer) throws IOException {
        X509Certificate certificate;
        try (Reader reader = Files.newBufferedReader(settings.certificate())) {
            certificate = Identities.readX509Certificate(reader);
        } catch (CertificateException e) {
            throw new IOException("no X.509 certificate in " + settings.certificate() + ": " + e.getMessage(), e);
        }
        return connect(settings, certificate, signer);
    }

    /**
     * Connects as {@code certificate} with {@code signer}, for identities whose certificate does not
     * sit in a PEM file of its own (a PKCS#12 key store, a token); {@code settings.certificate()} then
     * only names where it came from.
     */
    public static Ledger connect(LedgerSettings settings, X509Certificate certificate, Signer signer)
            throws IOException {
        ManagedChannel channel = openChannel(settings);
        Gateway gateway = Gateway.newInstance()
                .identity(new X509Identity(settings.mspId(), certificate))
                .signer(signer)
                .connection(channel)
                .evaluateOptions(deadline(settings.evaluateTimeout()))
                .endorseOptions(deadline(settings.submitTimeout()))
                .submitOptions(deadline(settings.submitTimeout()))
                .commitStatusOptions(deadline(settings.commitTimeout()))
                .connect();
        return new Ledger(settings, channel, gateway);
    }

    private static ManagedChannel openChannel(LedgerSettings settings) throws IOException {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(settings.endpoint());
        if (settings.tlsRootCertificate().isPresent()) {
            builder.sslContext(GrpcSslContexts.forClient()
                    .trustManager(settings.tlsRootCertificate().get().toFile())
                    .build());
            settings.serverNameOverride().ifPresent(builder::overrideAuthority);
        } else {
            System.getLogger(Ledger.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "gRPC to the gateway at {0} "
                                    + "is PLAINTEXT (chosen by setting): anyone on the path reads and can alter every transaction; "
                                    + "development only",
                            settings.endpoint());
            builder.usePlaintext();
        }
        return builder.build();
    }

    private static java.util.function.UnaryOperator<io.grpc.CallOptions> deadline(Duration timeout) {
        return options -> options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public LedgerSettings settings() {
        return settings;
    }

    /** The channel, for event streams ({@link io.fapiao.ledger.client.events.ChaincodeEventStream}). */
    public Network network() {
        return network;
    }

    /**
     * Waits until this gateway can gather the endorsements the contract's policy needs. A Fabric
     * peer's gateway learns the other peers, and what they have installed, by gossip: for some
     * seconds after a network starts or a chaincode is committed, every submit answers FAILED_PRECONDITION
     * "no combination of peers can be derived", longer than one transaction's retries wait. One-off
     * setup (governance, a benchmark's registrations) calls this first. The probe endorses the contract
     * API's read-only {@code GetMetadata} and submits nothing; the embedded node answers at once.
     *
     * @throws LedgerUnavailable when the gateway still cannot endorse after {@code within}
     * @throws LedgerException   when the gateway refuses the probe for another reason
     */
    public void awaitEndorsers(Duration within) throws LedgerException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                contract.newProposal("org.hyperledger.fabric:GetMetadata")
                        .build()
                        .endorse();
                return;
            } catch (GatewayException e) {
                GatewayFailure failure = GatewayFailure.of(e);
                failure.throwUnlessTransient(Step.ENDORSE, null);
                if (System.nanoTime() > deadline) {
                    throw failure.unavailable(Step.ENDORSE, null, attempt);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Runs a query on one node without ordering it; nothing is written. */
    public byte[] evaluate(String function, String... arguments) throws LedgerException {
        Proposal proposal =
                contract.newProposal(function).addArguments(arguments).build();
        return retrying(Step.EVALUATE, null, proposal::evaluate);
    }

    /**
     * Runs a query on another chaincode of the channel (a system chaincode such as {@code qscc}) with
     * the same signing, retries and error mapping as {@link #evaluate}.
     */
    byte[] evaluateOn(String chaincode, String function, String... arguments) throws LedgerException {
        Proposal proposal = network.getContract(chaincode)
                .newProposal(function)
                .addArguments(arguments)
                .build();
        return retrying(Step.EVALUATE, null, proposal::evaluate);
    }

    /**
     * Endorses, orders and waits for the commit of a transaction. Each step is retried on its own
     * after a transient failure, with the same transaction id, so a retry can never apply the
     * transaction twice; a read conflict at commit runs the whole transaction again under a new id.
     */
    public Committed submit(String function, String... arguments) throws LedgerException {
        for (int attempt = 1; ; attempt++) {
            Proposal proposal =
                    contract.newProposal(function).addArguments(arguments).build();
            String id = proposal.getTransactionId();
            Transaction transaction = retrying(Step.ENDORSE, id, proposal::endorse);
            SubmittedTransaction submitted = retrying(Step.SUBMIT, id, transaction::submitAsync);
            Status status = retrying(Step.COMMIT_STATUS, id, submitted::getStatus);
            if (status.isSuccessful()) {
                return new Committed(submitted.getResult(), id, status.getBlockNumber());
            }
            if (!CONFLICTS.contains(status.getCode())
                    || attempt >= settings.retry().maxAttempts()) {
                throw new TransactionInvalid(id, status.getCode().name(), status.getBlockNumber());
            }
            pause(Step.COMMIT, id, attempt);
        }
    }

    @FunctionalInterface
    private interface GatewayCall<T> {
        T run() throws GatewayException;
    }

    private <T> T retrying(Step step, String transactionId, GatewayCall<T> call) throws LedgerException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (GatewayException e) {
                GatewayFailure failure = GatewayFailure.of(e);
                failure.throwUnlessTransient(step, transactionId);
                if (attempt >= settings.retry().maxAttempts()) {
                    throw failure.unavailable(step, transactionId, attempt);
                }
                pause(step, transactionId, attempt);
            }
        }
    }

    void pause(Step step, String transactionId, int attempt) throws LedgerUnavailable {
        try {
            Thread.sleep(settings.retry().backoffAfter(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailable(step, transactionId, attempt, "interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
