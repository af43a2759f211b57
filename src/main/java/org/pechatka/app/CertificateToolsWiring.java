package org.pechatka.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.security.cert.X509Certificate;
import org.pechatka.cert.TrustStore;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.token.TokenRegistry;

/**
 * The tools of the Certificates window (request, import, file signing and verifying, trust store)
 * and the renewal an expiry reminder starts, wired over the running app's tokens, data directory
 * and trust store. A tool that returns null is shown disabled in the window.
 *
 * @param registry   the tokens and key files
 * @param dataDir    the user's data directory
 * @param trustStore the app's trust store (user + administrator folders)
 * @param extraRoots roots trusted besides the store (the demo CAs in demo mode)
 * @param uiWork     background work started by windows (token and file operations)
 * @param clock      validity and chain checks
 */
record CertificateToolsWiring(TokenRegistry registry, Path dataDir, TrustStore trustStore,
        List<X509Certificate> extraRoots, ExecutorService uiWork, Clock clock) {

    /** All tools, for {@code DesktopShell.certificatesWindow(registry, tools())}. */
    CertificateTools tools() {
        return CertificateTools.NONE
                .withCreateRequest(createRequest())
                .withImport(importCertificate())
                .withSignFile(signFile())
                .withVerifyFile(verifyFile())
                .withTrustStore(openTrustStore());
    }

    /** New request / renewal on a token or key file: the Create request window. */
    CertificateTools.RequestCreator createRequest() {
        return (tokenId, renewFrom) -> org.pechatka.ui.request.RequestView.open(registry, allowedKeyAlgorithms(),
                tokenId, renewFrom);
    }

    /**
     * The keys (protocol names, {@code EC-P256} …) a new request may use. All for now; the admin
     * policy's {@code allowedKeyAlgorithms} is meant to decide here once it exists.
     */
    java.util.function.Predicate<String> allowedKeyAlgorithms() {
        return keyAlgorithm -> true;
    }

    /** Import of a certificate (or chain) next to its key; CA certificates to the trust store. */
    CertificateTools.Importer importCertificate() {
        return null;
    }

    /** Sign a file with the chosen certificate. */
    CertificateTools.FileSigner signFile() {
        return null;
    }

    /** Verify a signed file. */
    Runnable verifyFile() {
        return null;
    }

    /** The trust store window. */
    Runnable openTrustStore() {
        return null;
    }

    /** What an expiry reminder's Renew… starts for a certId (null: not wired, the reminder only informs). */
    Consumer<String> renewal() {
        return certId -> org.pechatka.ui.request.RequestView.openRenewal(registry, allowedKeyAlgorithms(), certId);
    }
}
