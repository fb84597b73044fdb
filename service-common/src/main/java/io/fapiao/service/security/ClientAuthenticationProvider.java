package io.fapiao.service.security;

import io.fapiao.httpsig.MessageVerifier;
import io.fapiao.httpsig.SignatureRefused;
import io.fapiao.httpsig.VerifiedSignature;
import io.fapiao.protocol.crypto.CryptoSuite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Checks what a request presented against the service's {@link ClientDirectory}: a TLS client
 * certificate must be a registered, active client's; a signature (RFC 9421, replay-protected by the
 * verifier's nonce registry) must verify under a registered, active client's key; either way the
 * client's certificate must be in good standing now ({@link ClientCertificates}). Anything else is
 * {@link ClientRefused} with the refusal's code.
 */
final class ClientAuthenticationProvider implements AuthenticationProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAuthenticationProvider.class);

    private final ClientDirectory directory;
    private final MessageVerifier verifier;
    private final ClientCertificates certificates;

    ClientAuthenticationProvider(ClientDirectory directory, MessageVerifier verifier, ClientCertificates certificates) {
        this.directory = directory;
        this.verifier = verifier;
        this.certificates = certificates;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        PresentedCredentials presented = (PresentedCredentials) authentication;
        if (presented.clientCertificate() != null) {
            String keyId = CryptoSuite.INTL.fingerprint(presented.clientCertificate());
            ServiceClient client = directory
                    .active(keyId)
                    .orElseThrow(() -> new ClientRefused(
                            "UNKNOWN_CLIENT",
                            "the TLS client certificate (fingerprint " + keyId
                                    + ") is not registered with this service, " + "or its registration is inactive"));
            certificates.requireGoodStanding(client);
            return new ClientAuthentication(client, "mutual-tls");
        }
        try {
            VerifiedSignature signature = verifier.verify(presented.message());
            // The verifier found the key, so the client was active a moment ago; read it once more for its roles.
            ServiceClient client = directory
                    .active(signature.keyId())
                    .orElseThrow(
                            () -> new ClientRefused("UNKNOWN_KEY", "client " + signature.keyId() + " was deactivated"));
            certificates.requireGoodStanding(client);
            return new ClientAuthentication(client, "signature");
        } catch (SignatureRefused e) {
            LOG.info(
                    "{} {} refused: {}",
                    presented.message().method(),
                    presented.message().targetUri().getPath(),
                    e.refusal());
            throw new ClientRefused(e.refusal().name(), e.getMessage());
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PresentedCredentials.class.isAssignableFrom(authentication);
    }
}
