package io.fapiao.ledger.client;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An identity kept as a folder of two PEM files, {@code cert.pem} (the X.509 certificate) and
 * {@code key.pem} (its PKCS#8 private key): the shape of the platform's API clients and of GM seals
 * and recipients.
 *
 * <pre>{@code
 * Identity his = IdentityFolder.read(home.resolve("clients").resolve("hospital-his"));
 * }</pre>
 */
public final class IdentityFolder {

    private IdentityFolder() {}

    /**
     * The identity in {@code folder}.
     *
     * @throws IOException when a file is missing or unreadable, or is not a certificate or a private key
     */
    public static Identity read(Path folder) throws IOException {
        try {
            return new Identity(
                    Pem.certificate(Files.readString(folder.resolve("cert.pem"))),
                    Pem.privateKey(Files.readString(folder.resolve("key.pem"))));
        } catch (ProtocolException e) {
            throw new IOException("not a usable identity in " + folder + ": " + e.getMessage(), e);
        }
    }
}
