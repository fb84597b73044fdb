package io.fapiao.service.identity;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service's signing key and certificate come from: PEM files, a PKCS#12 key store, or a
 * PKCS#11 token. The key signs ledger transactions and, in the services that seal or open bills,
 * envelopes and verdicts.
 *
 * <pre>{@code
 * fapiao.identity.type=pem
 * fapiao.identity.certificate=/etc/fapiao/hospital1/signcerts/cert.pem
 * fapiao.identity.private-key=/etc/fapiao/hospital1/keystore/priv_sk
 *
 * fapiao.identity.type=pkcs12
 * fapiao.identity.key-store=/etc/fapiao/hospital1.p12
 * fapiao.identity.password=${HOSPITAL_KEYSTORE_PASSWORD}
 *
 * fapiao.identity.type=pkcs11
 * fapiao.identity.key-store=/etc/fapiao/pkcs11.cfg      # SunPKCS11 config: name, library, slot
 * fapiao.identity.password=${HOSPITAL_TOKEN_PIN}
 * fapiao.identity.alias=hospital1
 * }</pre>
 *
 * @param type        PEM, PKCS12 or PKCS11
 * @param certificate PEM file of the X.509 certificate (PEM; optional for PKCS12 and PKCS11, whose
 *                    entry holds it)
 * @param privateKey  PEM (PKCS#8) file of the private key (PEM only)
 * @param keyStore    the PKCS#12 file (PKCS12) or the SunPKCS11 configuration file (PKCS11)
 * @param password    key store password or token PIN; never logged
 * @param alias       the key entry; the only key entry when unset
 */
@ConfigurationProperties("fapiao.identity")
public record KeyProperties(
        @DefaultValue("PEM") KeySourceType type,
        Path certificate,
        Path privateKey,
        Path keyStore,
        String password,
        String alias) {

    @Override
    public String toString() {
        // The password must never reach a log line, even through a debug dump of the configuration.
        return "KeyProperties[type=" + type + ", certificate=" + certificate + ", privateKey=" + privateKey
                + ", keyStore=" + keyStore + ", alias=" + alias + "]";
    }

    /** The kinds of key source. */
    public enum KeySourceType {
        PEM,
        PKCS12,
        PKCS11
    }
}
