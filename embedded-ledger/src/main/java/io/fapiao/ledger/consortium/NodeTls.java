package io.fapiao.ledger.consortium;

import java.nio.file.Path;

/**
 * The node's TLS material as PEM files: what a gRPC server needs to listen with TLS, and the root a
 * client needs to trust it.
 *
 * <pre>{@code
 * NodeTls tls = consortium.tls();
 * NettyServerBuilder.forPort(7051).sslContext(GrpcSslContexts
 *         .forServer(tls.certificateChain().toFile(), tls.privateKey().toFile()).build());
 * }</pre>
 *
 * @param certificateChain the node's TLS server certificate ({@code tls/server.crt})
 * @param privateKey its PKCS#8 private key ({@code tls/server.key})
 * @param rootCertificate the TLS CA certificate that issued it ({@code tls/ca.crt}); clients trust this
 */
public record NodeTls(Path certificateChain, Path privateKey, Path rootCertificate) {}
