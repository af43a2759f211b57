package org.pechatka.ui.importcert;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pechatka.error.PechatkaException;
import org.pechatka.lifecycle.CertificateImport;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileImport;
import org.pechatka.ui.truststore.CaOffers;
import org.pechatka.ui.truststore.TrustStoreViewModel;

/**
 * The certificate import of the Certificates window: what a file holds (a person's certificates
 * and CA certificates; DER, PEM, one or many, or a PKCS#7 chain), storing each person's
 * certificate next to its key on the chosen token through {@link CertificateImport} (never a
 * duplicate; a certificate without its key on the token is refused and nothing is written for
 * it), and the summary at the end. The CA certificates go to the trust store only one by one after
 * the person confirms each ({@link CaOffers}). Plain Java: testable without a window.
 */
public final class ImportCertViewModel {

    /**
     * What a file holds.
     *
     * @param file     the file
     * @param personal certificates that are not CAs (each to be stored next to its key)
     * @param cas      CA certificates (offered for the trust store)
     */
    public record Contents(Path file, List<X509Certificate> personal, List<X509Certificate> cas) {
        public Contents {
            personal = List.copyOf(personal);
            cas = List.copyOf(cas);
        }
    }

    /** What happened to one person's certificate on the token. */
    public enum Outcome {
        /** Written next to its key. */
        STORED,
        /** The token held it already: nothing written. */
        ALREADY_PRESENT,
        /** Its private key is not on the token: nothing written. */
        NO_KEY
    }

    /**
     * One person's certificate and what happened to it.
     *
     * @param keyFile on a key file: the file that holds the certificate with its key now (the new
     *                file written, or the one that held it already); null on a token
     * @param oldKeyFile on a key file, when a new file was written: the file the key came from, unchanged
     */
    public record TokenResult(X509Certificate certificate, Outcome outcome, Path keyFile, Path oldKeyFile) {

        public TokenResult(X509Certificate certificate, Outcome outcome) {
            this(certificate, outcome, null, null);
        }
    }

    /** The counts the summary shows. */
    public record Summary(int stored, int alreadyOnToken, int noKey, int addedToTrustStore, int alreadyTrusted,
            int skipped, int failed) {

        /** The summary of the token step and the CA offers (either may be absent: null). */
        public static Summary of(List<TokenResult> token, CaOffers.Result offers) {
            List<TokenResult> t = token == null ? List.of() : token;
            return new Summary(count(t, Outcome.STORED), count(t, Outcome.ALREADY_PRESENT), count(t, Outcome.NO_KEY),
                    offers == null ? 0 : offers.added().size(), offers == null ? 0 : offers.alreadyPresent().size(),
                    offers == null ? 0 : offers.skipped().size(), offers == null ? 0 : offers.failed().size());
        }

        private static int count(List<TokenResult> results, Outcome outcome) {
            return (int) results.stream().filter(r -> r.outcome() == outcome).count();
        }
    }

    private final TokenRegistry registry;
    private final String tokenId;
    private final TrustStoreViewModel trust;

    /**
     * @param registry the tokens
     * @param tokenId  the token chosen in the Certificates window
     * @param trust    the trust store the CA certificates may go to
     */
    public ImportCertViewModel(TokenRegistry registry, String tokenId, TrustStoreViewModel trust) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tokenId = Objects.requireNonNull(tokenId, "tokenId");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    public TrustStoreViewModel trust() {
        return trust;
    }

    /** Reads a certificate file and sorts its certificates into the person's and the CAs'. */
    public static Contents read(Path file) throws IOException, CertificateException {
        List<X509Certificate> all = TrustStoreViewModel.readCertificates(file);
        List<X509Certificate> personal = new ArrayList<>();
        List<X509Certificate> cas = new ArrayList<>();
        for (X509Certificate c : all) {
            (TrustStoreViewModel.isCa(c) ? cas : personal).add(c);
        }
        return new Contents(file, personal, cas);
    }

    /** The token's name as the person knows it (reads the token: not on the FX thread). */
    public String tokenLabel() throws PechatkaException {
        return registry.require(tokenId).info().label();
    }

    /**
     * Stores each of the person's certificates next to its key on the token, in one session (the
     * PIN asked once through {@code pins}). A certificate whose key is not there is reported, and
     * nothing is written for it; one already there is not written again. CA certificates are
     * never written to the token here.
     *
     * @throws PechatkaException the token is gone, the PIN was cancelled or is locked, the token refused
     */
    public List<TokenResult> storeOnToken(Contents contents, PinSource pins) throws PechatkaException {
        if (contents.personal().isEmpty()) {
            return List.of();
        }
        Token token = registry.require(tokenId);
        if (KeyFileImport.isKeyFile(token)) {
            return storeInKeyFile(token, contents, pins);
        }
        List<TokenResult> out = new ArrayList<>();
        try (TokenSession session = token.open(pins, TokenSession.Access.READ_WRITE)) {
            for (X509Certificate c : contents.personal()) {
                CertificateImport.Parsed parsed = new CertificateImport.Parsed(c, contents.cas());
                try {
                    CertificateImport.Stored stored = CertificateImport.store(session, parsed, null, false);
                    out.add(new TokenResult(c, stored.alreadyPresent() ? Outcome.ALREADY_PRESENT : Outcome.STORED));
                } catch (PechatkaException.KeyNotFound e) {
                    out.add(new TokenResult(c, Outcome.NO_KEY));
                }
            }
        }
        return out;
    }

    /** Whether the chosen token is a key file (its password is asked, and a new file is written). */
    public boolean keyFile() throws PechatkaException {
        return KeyFileImport.isKeyFile(registry.require(tokenId));
    }

    /**
     * A key file is never rewritten: each certificate whose key is in it goes, with the key and the
     * file's CA certificates, into a new key file next to it ({@link KeyFileImport}); the password
     * is asked once.
     */
    private List<TokenResult> storeInKeyFile(Token token, Contents contents, PinSource pins) throws PechatkaException {
        List<TokenResult> out = new ArrayList<>();
        try (KeyFileImport.Unlocked file = KeyFileImport.unlock(token, pins)) {
            for (X509Certificate c : contents.personal()) {
                out.add(switch (file.add(c, contents.cas())) {
                    case KeyFileImport.Written w -> new TokenResult(c, Outcome.STORED, w.file(), w.oldFile());
                    case KeyFileImport.AlreadyPresent a -> new TokenResult(c, Outcome.ALREADY_PRESENT, a.file(), null);
                    case KeyFileImport.NoKey n -> new TokenResult(c, Outcome.NO_KEY);
                });
            }
        }
        return out;
    }
}
