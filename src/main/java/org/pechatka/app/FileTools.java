package org.pechatka.app;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.error.PechatkaException;
import org.pechatka.files.FileSigner;
import org.pechatka.files.FileVerifier;
import org.pechatka.files.SignerTrust;
import org.pechatka.platform.FolderOpener;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.certificates.CertificatesViewModel;
import org.pechatka.ui.signfile.SignFileView;
import org.pechatka.ui.signfile.SignFileViewModel;
import org.pechatka.ui.verifyfile.VerifyFileView;
import org.pechatka.ui.verifyfile.VerifyFileViewModel;

/**
 * The Certificates window's file tools and chain marks over the running app: the Sign file and
 * Verify file windows over {@link FileSigner} / {@link FileVerifier}, and each certificate's chain
 * against the trust store's anchors as they are now ({@link org.pechatka.cert.LiveTrustAnchors}: the
 * same the protocol uses), so a CA certificate or CRL added meanwhile counts at once. Called on the JavaFX thread (the windows) or a background thread
 * (the checks).
 */
final class FileTools {

    private static final System.Logger LOG = System.getLogger(FileTools.class.getName());

    private final TokenRegistry registry;
    private final Supplier<TrustAnchors> anchors;
    /** The tray's pending requests: the Sign file PIN window registers there (orange icon, click-to-front). */
    private final PendingRequests pending;
    private final Executor background;
    private final Clock clock;

    FileTools(TokenRegistry registry, Supplier<TrustAnchors> anchors, PendingRequests pending, Executor background,
            Clock clock) {
        this.registry = registry;
        this.anchors = anchors;
        this.pending = pending;
        this.background = background;
        this.clock = clock;
    }

    /** Opens the Sign file window for a certificate the person chose (FX thread). */
    void sign(TokenCertificate certificate) {
        Token token = registry.token(certificate.tokenId()).orElse(null);
        if (token == null) {
            return; // removed meanwhile: the Certificates window shows that itself
        }
        String name = token.id();
        TokenKind kind = TokenKind.PKCS11;
        try {
            TokenInfo info = token.info();
            name = info.label().isBlank() ? token.id() : info.label();
            kind = info.kind();
        } catch (PechatkaException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "token {0} info unreadable: {1}", token.id(), e.toString());
        }
        SignFileViewModel model;
        try {
            model = new SignFileViewModel(certificate, name,
                    () -> validate(certificate.certificate(), caCertificates(), ChainValidation.Use.SIGN),
                    (request, pins) -> new FileSigner(clock).sign(token, certificate,
                            chainToInclude(certificate.certificate()), pins, request),
                    clock);
        } catch (CertificateException e) {
            LOG.log(System.Logger.Level.WARNING, "the certificate cannot be shown: {0}", e.getMessage());
            return;
        }
        new SignFileView(model, kind, null, dir -> {
            try {
                FolderOpener.open(dir);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "the folder could not be opened: {0}", e.getMessage());
            }
        }, pending, background).show();
    }

    /** Opens the Verify file window (FX thread). */
    void verify() {
        new VerifyFileView(new VerifyFileViewModel((signature, content) -> {
            return new FileVerifier(SignerTrust.of(anchors.get()), clock).verify(signature, content, caCertificates());
        }), null, background).show();
    }

    /** The chain check the Certificates window marks its certificates with. */
    CertificatesViewModel.ChainValidator chains() {
        return (certificate, pool) -> validate(certificate, pool, ChainValidation.Use.ANY);
    }

    private ChainValidation validate(X509Certificate certificate, Collection<X509Certificate> pool,
            ChainValidation.Use use) {
        return anchors.get().validate(certificate, pool, clock.instant(), use);
    }

    /** The CA certificates a signature includes besides the signer's: the chain up to, not with, the root. */
    private List<X509Certificate> chainToInclude(X509Certificate signer) {
        return anchors.get().chain(signer, caCertificates()).stream()
                .filter(x -> !x.getIssuerX500Principal().equals(x.getSubjectX500Principal())).toList();
    }

    /** The CA certificates on the tokens (an intermediate often comes on the token with the person's one). */
    private List<X509Certificate> caCertificates() {
        List<X509Certificate> cas = new ArrayList<>();
        for (Token t : registry.tokens()) {
            try {
                t.certificates().stream().map(TokenCertificate::certificate)
                        .filter(c -> c.getBasicConstraints() >= 0).forEach(cas::add);
            } catch (PechatkaException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "token {0} skipped: {1}", t.id(), e.toString());
            }
        }
        return cas;
    }
}
