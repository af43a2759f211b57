package org.pechatka.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.pechatka.demoportal.DemoPortal;
import org.pechatka.server.tls.LocalTls;

/**
 * The demo portal beside the app in demo mode: its own origin ({@code https://localhost:<port>}),
 * served with the same per-installation localhost certificate, trusting the demo CA.
 */
final class DemoPortalRunner implements AutoCloseable {

    private final DemoPortal portal;

    private DemoPortalRunner(DemoPortal portal) {
        this.portal = portal;
    }

    static X509Certificate readCertificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException("cannot read " + pem, e);
        }
    }

    static DemoPortalRunner start(int port, LocalTls tls, char[] password, List<X509Certificate> trustedCas,
            String pechatkaUrl) throws IOException {
        DemoPortal portal = new DemoPortal(new DemoPortal.Config(port, tls.keyStore(password), password, pechatkaUrl,
                trustedCas, Clock.systemUTC()));
        try {
            portal.start();
        } catch (Exception e) {
            portal.close();
            throw new IOException("the demo portal could not start on port " + port + ": " + e.getMessage(), e);
        }
        return new DemoPortalRunner(portal);
    }

    String origin() {
        return portal.origin();
    }

    @Override
    public void close() {
        portal.close();
    }
}
