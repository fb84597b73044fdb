package io.fapiao.service.ledger;

import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service's ledger gateway is and which channel and contract it uses; the identity it signs
 * with is {@code fapiao.identity} ({@link io.fapiao.service.identity.KeyProperties}). The same
 * properties reach the embedded node and a Fabric peer.
 *
 * <pre>{@code
 * fapiao.ledger.endpoint=localhost:7051
 * fapiao.ledger.tls-root-certificate=.fapiao/ledger/crypto/.../tlsca-cert.pem
 * fapiao.ledger.msp-id=HospitalOrgMSP
 * }</pre>
 *
 * @param endpoint           host:port of the gateway
 * @param tlsRootCertificate PEM of the CA of the gateway's TLS certificate; required unless {@code plaintext}
 * @param serverNameOverride TLS host name to check when it differs from the endpoint's host
 * @param mspId              the service's organisation
 * @param channel            channel name
 * @param chaincode          chaincode name
 * @param evaluateTimeout    deadline of one query
 * @param submitTimeout      deadline of one endorse or submit
 * @param commitTimeout      how long to wait for a commit status
 * @param retryAttempts      attempts for a transient failure, the first included
 * @param plaintext          gRPC without TLS, for development only: the start fails without a TLS root
 *                           certificate unless this is set, and warns when it is
 */
@ConfigurationProperties("fapiao.ledger")
public record LedgerProperties(
        @DefaultValue("localhost:7051") String endpoint,
        Path tlsRootCertificate,
        String serverNameOverride,
        String mspId,
        @DefaultValue("fapiao") String channel,
        @DefaultValue("fapiao") String chaincode,
        @DefaultValue("10s") Duration evaluateTimeout,
        @DefaultValue("30s") Duration submitTimeout,
        @DefaultValue("60s") Duration commitTimeout,
        @DefaultValue("5") int retryAttempts,
        boolean plaintext) {

    /** The same gateway and settings for a caller of another organisation. */
    public LedgerProperties withMspId(String otherMspId) {
        return new LedgerProperties(
                endpoint,
                tlsRootCertificate,
                serverNameOverride,
                otherMspId,
                channel,
                chaincode,
                evaluateTimeout,
                submitTimeout,
                commitTimeout,
                retryAttempts,
                plaintext);
    }

    /** The ledger-client settings for these properties and the identity's certificate file. */
    public LedgerSettings settings(Path certificate) {
        if (mspId == null || mspId.isBlank()) {
            throw new IllegalStateException("fapiao.ledger.msp-id is not set: name the service's organisation, "
                    + "for example HospitalOrgMSP");
        }
        RetryPolicy retry = new RetryPolicy(
                Math.max(1, retryAttempts), RetryPolicy.DEFAULT.initialBackoff(), RetryPolicy.DEFAULT.maxBackoff());
        LedgerSettings.Builder builder = LedgerSettings.builder()
                .endpoint(endpoint)
                .mspId(mspId)
                .certificate(certificate)
                .channel(channel)
                .chaincode(chaincode)
                .evaluateTimeout(evaluateTimeout)
                .submitTimeout(submitTimeout)
                .commitTimeout(commitTimeout)
                .retry(retry);
        Optional.ofNullable(tlsRootCertificate).ifPresent(builder::tlsRootCertificate);
        if (plaintext) {
            builder.plaintext();
        }
        Optional.ofNullable(serverNameOverride).filter(s -> !s.isBlank()).ifPresent(builder::serverNameOverride);
        return builder.build();
    }
}
