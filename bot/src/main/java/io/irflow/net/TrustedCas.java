package io.irflow.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * TLS trust for outbound calls: the JDK's default CAs plus the certificates of PEM bundles ({@code http.ca_file},
 * a product's own {@code ca_file}), merged into one trust store so a chain may end at any of them.
 */
final class TrustedCas {
    private TrustedCas() {
    }

    /**
     * An SSLContext trusting the JDK defaults and every certificate in the given PEM files (nulls are skipped).
     *
     * @throws IllegalArgumentException when a file cannot be read or holds no certificate
     */
    static SSLContext trusting(List<Path> pemFiles) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trustManager(pemFiles)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /** The trust manager behind {@link #trusting}: one store with the JDK's CAs and the files' certificates. */
    static X509TrustManager trustManager(List<Path> pemFiles) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + i++, ca);
            }
            for (Path pem : pemFiles.stream().filter(Objects::nonNull).toList()) {
                for (Certificate cert : read(pem)) {
                    store.setCertificateEntry("irflow-" + i++, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return x509(tmf);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS trust store: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return x509(tmf);
    }

    private static X509TrustManager x509(TrustManagerFactory tmf) throws GeneralSecurityException {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static List<? extends Certificate> read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            List<? extends Certificate> certs = List.copyOf(x509.generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("ca_file " + pem + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load ca_file " + pem + ": " + e.getMessage(), e);
        }
    }
}
