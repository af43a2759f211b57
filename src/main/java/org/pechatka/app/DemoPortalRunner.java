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
 * served with the same per-installation localhost certificate, trusting the demo CA, which also
 * re-issues the demo certificates for the portal's renewal flow.
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

    /** @param reissuer the demo CA for the portal's remote re-issue, or null for none */
    static DemoPortalRunner start(int port, LocalTls tls, char[] password, List<X509Certificate> trustedCas,
            String pechatkaUrl, org.pechatka.demoportal.Reissuer reissuer) throws IOException {
        DemoPortal portal = new DemoPortal(new DemoPortal.Config(port, tls.keyStore(password), password, pechatkaUrl,
                trustedCas, Clock.systemUTC(), reissuer));
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
