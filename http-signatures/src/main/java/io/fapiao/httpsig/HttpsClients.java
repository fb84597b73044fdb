package io.fapiao.httpsig;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK HTTP clients that trust the consortium's CAs and nothing else: the services' HTTPS certificates
 * are issued by the organisations' CAs, not by a public authority, and a client that also trusted the
 * JDK's public roots would accept any certificate one of those issued for {@code localhost}.
 *
 * <pre>{@code
 * HttpClient http = HttpsClients.trusting(HttpsClients.anchors(Path.of(".fapiao/trust")));
 * }</pre>
 */
public final class HttpsClients {
    private HttpsClients() {}

    /** Every certificate in the PEM files of {@code folder} ({@code *.pem}). */
    public static List<X509Certificate> anchors(Path folder) throws IOException {
        List<X509Certificate> anchors = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem"))
                    .sorted()
                    .toList()) {
                // A folder of anchors may hold SM2 CAs too (they anchor GM signatures, see verify-document);
                // the JDK's TLS cannot use an SM2 key, so they are no HTTPS anchors.
                for (X509Certificate certificate : Pem.certificates(Files.readString(file))) {
                    if (!sm2(certificate)) {
                        anchors.add(certificate);
                    }
                }
            }
        } catch (ProtocolException e) {
            throw new IOException("cannot read the trust anchors in " + folder + ": " + e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            throw new IOException("no CA certificate in " + folder + " to trust the services' HTTPS certificates with");
        }
        return anchors;
    }

    private static boolean sm2(X509Certificate certificate) {
        try {
            return CryptoSuite.of(certificate.getPublicKey()) == CryptoSuite.GM;
        } catch (ProtocolException e) {
            return false; // neither suite's curve (an RSA CA, say): the JDK decides whether TLS can use it
        }
    }

    /** A client whose HTTPS connections trust {@code anchors} only. */
    public static HttpClient trusting(List<X509Certificate> anchors) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder()
                    .sslContext(context)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "cannot build a TLS context from " + anchors.size() + " anchors: " + e.getMessage(), e);
        }
    }
}
