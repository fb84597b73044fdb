package io.fapiao.ledger.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the ledger is and who we are on it. The same settings reach the embedded node and a real
 * Fabric peer's gateway; only the values differ.
 *
 * <pre>{@code
 * LedgerSettings settings = LedgerSettings.builder()
 *         .endpoint("localhost:7051")
 *         .tlsRootCertificate(Path.of("crypto/.../tlsca/tlsca-cert.pem"))
 *         .mspId("HospitalOrgMSP")
 *         .certificate(Path.of(".../signcerts/cert.pem"))
 *         .privateKey(Path.of(".../keystore/priv_sk"))
 *         .build();
 * }</pre>
 *
 * @param endpoint           host:port of the gateway (a peer, or the embedded node)
 * @param tlsRootCertificate PEM of the CA that issued the gateway's TLS certificate; required unless
 *                           {@code plaintext}
 * @param serverNameOverride the TLS host name to check when it differs from the endpoint's host
 * @param mspId              the caller's organisation
 * @param certificate        PEM of the caller's X.509 certificate
 * @param privateKey         PEM (PKCS#8) of the caller's private key; empty when a {@code Signer} is
 *                           given to {@link Ledger#connect(LedgerSettings, org.hyperledger.fabric.client.identity.Signer)}
 * @param channel            the channel name
 * @param chaincode          the chaincode name
 * @param evaluateTimeout    deadline of one evaluate call
 * @param submitTimeout      deadline of one endorse or submit call
 * @param commitTimeout      how long to wait for a transaction's commit status
 * @param retry              how transient failures are retried
 * @param plaintext          gRPC without TLS, chosen explicitly (development only; logged as a warning
 *                           on every connection)
 */
public record LedgerSettings(
        String endpoint,
        Optional<Path> tlsRootCertificate,
        Optional<String> serverNameOverride,
        String mspId,
        Path certificate,
        Optional<Path> privateKey,
        String channel,
        String chaincode,
        Duration evaluateTimeout,
        Duration submitTimeout,
        Duration commitTimeout,
        RetryPolicy retry,
        boolean plaintext) {

    public LedgerSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tlsRootCertificate, "tlsRootCertificate");
        Objects.requireNonNull(serverNameOverride, "serverNameOverride");
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chaincode, "chaincode");
        Objects.requireNonNull(evaluateTimeout, "evaluateTimeout");
        Objects.requireNonNull(submitTimeout, "submitTimeout");
        Objects.requireNonNull(commitTimeout, "commitTimeout");
        Objects.requireNonNull(retry, "retry");
        // Fail closed: a missing TLS root is a misconfiguration, never a quiet fall back to plaintext.
        if (tlsRootCertificate.isEmpty() && !plaintext) {
            throw new IllegalArgumentException("no TLS root certificate for the gateway at " + endpoint + ": set it "
                    + "(fapiao.ledger.tls-root-certificate), or choose plaintext gRPC explicitly "
                    + "(fapiao.ledger.plaintext=true, development only)");
        }
        if (tlsRootCertificate.isPresent() && plaintext) {
            throw new IllegalArgumentException("the gateway at " + endpoint + " has a TLS root certificate and "
                    + "plaintext chosen too: choose one");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link LedgerSettings}; channel and chaincode default to {@code fapiao}. */
    public static final class Builder {
        private String endpoint = "localhost:7051";
        private Path tlsRootCertificate;
        private String serverNameOverride;
        private String mspId;
        private Path certificate;
        private Path privateKey;
        private String channel = "fapiao";
        private String chaincode = "fapiao";
        private Duration evaluateTimeout = Duration.ofSeconds(5);
        private Duration submitTimeout = Duration.ofSeconds(15);
        private Duration commitTimeout = Duration.ofMinutes(1);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private boolean plaintext;

        private Builder() {}

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder tlsRootCertificate(Path tlsRootCertificate) {
            this.tlsRootCertificate = tlsRootCertificate;
            return this;
        }

        public Builder serverNameOverride(String serverNameOverride) {
            this.serverNameOverride = serverNameOverride;
            return this;
        }

        public Builder mspId(String mspId) {
            this.mspId = mspId;
            return this;
        }

        public Builder certificate(Path certificate) {
            this.certificate = certificate;
            return this;
        }

        public Builder privateKey(Path privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder chaincode(String chaincode) {
            this.chaincode = chaincode;
            return this;
        }

        public Builder evaluateTimeout(Duration evaluateTimeout) {
            this.evaluateTimeout = evaluateTimeout;
            return this;
        }

        public Builder submitTimeout(Duration submitTimeout) {
            this.submitTimeout = submitTimeout;
            return this;
        }

        public Builder commitTimeout(Duration commitTimeout) {
            this.commitTimeout = commitTimeout;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** gRPC without TLS: for development against a node without TLS only. */
        public Builder plaintext() {
            this.plaintext = true;
            return this;
        }

        /** @throws IllegalArgumentException when neither a TLS root certificate nor plaintext is chosen, or both */
        public LedgerSettings build() {
            return new LedgerSettings(
                    endpoint,
                    Optional.ofNullable(tlsRootCertificate),
                    Optional.ofNullable(serverNameOverride),
                    mspId,
                    certificate,
                    Optional.ofNullable(privateKey),
                    channel,
                    chaincode,
                    evaluateTimeout,
                    submitTimeout,
                    commitTimeout,
                    retry,
                    plaintext);
        }
    }
}
