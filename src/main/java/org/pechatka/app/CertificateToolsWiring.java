package org.pechatka.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.cert.TrustStore;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.certificates.CertificatesViewModel;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.importcert.ImportCertView;
import org.pechatka.ui.importcert.ImportCertViewModel;
import org.pechatka.ui.request.RequestView;
import org.pechatka.ui.truststore.CertificateFiles;
import org.pechatka.ui.truststore.TrustStoreView;
import org.pechatka.ui.truststore.TrustStoreViewModel;

/**
 * The tools of the Certificates window (request, import, file signing and verifying, trust store)
 * and the renewal an expiry reminder starts, wired over the running app's tokens, data directory
 * and trust store.
 *
 * @param registry             the tokens and key files
 * @param dataDir              the user's data directory
 * @param trustStore           the app's trust store (user + administrator folders, policy files)
 * @param anchors              the trust anchors as they are now (store + demo CAs; shared with the protocol)
 * @param allowedKeyAlgorithms the keys (protocol names, {@code EC-P256} …) a new request may use:
 *                             the admin policy's {@code allowedKeyAlgorithms}
 * @param pending              the tray's pending requests (the Sign file PIN window registers there)
 * @param uiWork               background work started by windows (token and file operations)
 * @param clock                validity and chain checks
 */
record CertificateToolsWiring(TokenRegistry registry, Path dataDir, TrustStore trustStore,
        Supplier<TrustAnchors> anchors, Predicate<String> allowedKeyAlgorithms, PendingRequests pending,
        ExecutorService uiWork, Clock clock) {

    /** All tools, for {@code DesktopShell.certificatesWindow(registry, tools(), chains())}. */
    CertificateTools tools() {
        return CertificateTools.NONE
                .withCreateRequest(createRequest())
                .withImport(importCertificate())
                .withSignFile(signFile())
                .withVerifyFile(verifyFile())
                .withTrustStore(openTrustStore());
    }

    /** New request / renewal on a token or in a new key file: the Create request window. */
    CertificateTools.RequestCreator createRequest() {
        return (tokenId, renewFrom) -> RequestView.open(registry, allowedKeyAlgorithms, tokenId, renewFrom,
                dataDir.resolve("keys"));
    }

    /** What an expiry reminder's Renew… starts for a certId: the Create request window for its renewal. */
    Consumer<String> renewal() {
        return certId -> RequestView.openRenewal(registry, allowedKeyAlgorithms, certId, dataDir.resolve("keys"));
    }

    /** Import of a certificate (or chain) next to its key; CA certificates to the trust store. */
    CertificateTools.Importer importCertificate() {
        return tokenId -> new ImportCertView(
                new ImportCertViewModel(registry, tokenId, new TrustStoreViewModel(trustStore)),
                CertificateFiles.system(), uiWork).show();
    }

    /** Sign a file with the chosen certificate. */
    CertificateTools.FileSigner signFile() {
        return fileTools()::sign;
    }

    /** Verify a signed file. */
    Runnable verifyFile() {
        return fileTools()::verify;
    }

    /** Each certificate's chain against the trust store, for the Certificates window's marks. */
    CertificatesViewModel.ChainValidator chains() {
        return fileTools().chains();
    }

    private FileTools fileTools() {
        return new FileTools(registry, anchors, pending, uiWork, clock);
    }

    /** The trust store window. */
    Runnable openTrustStore() {
        return () -> new TrustStoreView(new TrustStoreViewModel(trustStore), CertificateFiles.system()).show();
    }
}
