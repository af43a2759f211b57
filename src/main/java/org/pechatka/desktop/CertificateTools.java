package org.pechatka.desktop;

import java.security.cert.X509Certificate;
import org.pechatka.token.TokenCertificate;

/**
 * The tools the Certificates window starts but other parts of Pechatka provide: certificate
 * requests, import, file signatures and the trust store. Each is null until the application wires
 * it; the window then shows its button disabled with a note. Each is called on the JavaFX thread
 * and should open its own window (or return at once); the window reads the token again afterwards
 * when the person presses Refresh or the token changes.
 *
 * @param createRequest     new request / renewal on a token
 * @param importCertificate import a certificate (or chain) onto a token
 * @param signFile          sign a file with a certificate
 * @param verifyFile        verify a signed file
 * @param trustStore        open the trust store
 */
public record CertificateTools(RequestCreator createRequest, Importer importCertificate, FileSigner signFile,
        Runnable verifyFile, Runnable trustStore) {

    /** Nothing wired yet. */
    public static final CertificateTools NONE = new CertificateTools(null, null, null, null, null);

    /** Starts a certificate request on a token. */
    @FunctionalInterface
    public interface RequestCreator {
        /**
         * @param tokenId    the token chosen in the window (the key is generated there)
         * @param renewFrom  the certificate whose subject is copied for a renewal, or null for a new request
         */
        void create(String tokenId, X509Certificate renewFrom);
    }

    /** Imports a certificate onto a token. */
    @FunctionalInterface
    public interface Importer {
        /** @param tokenId the token chosen in the window */
        void importInto(String tokenId);
    }

    /** Signs a file. */
    @FunctionalInterface
    public interface FileSigner {
        /** @param certificate the certificate chosen in the window (with its token and key id) */
        void sign(TokenCertificate certificate);
    }

    public CertificateTools withCreateRequest(RequestCreator c) {
        return new CertificateTools(c, importCertificate, signFile, verifyFile, trustStore);
    }

    public CertificateTools withImport(Importer i) {
        return new CertificateTools(createRequest, i, signFile, verifyFile, trustStore);
    }

    public CertificateTools withSignFile(FileSigner s) {
        return new CertificateTools(createRequest, importCertificate, s, verifyFile, trustStore);
    }

    public CertificateTools withVerifyFile(Runnable v) {
        return new CertificateTools(createRequest, importCertificate, signFile, v, trustStore);
    }

    public CertificateTools withTrustStore(Runnable t) {
        return new CertificateTools(createRequest, importCertificate, signFile, verifyFile, t);
    }
}
