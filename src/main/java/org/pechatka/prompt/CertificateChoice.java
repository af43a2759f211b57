package org.pechatka.prompt;

import java.util.Objects;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenKind;

/**
 * A certificate the picker may offer, with what the person needs to judge it: where it is, whether
 * it is inside its validity period, and the PIN state of its token (a low or locked PIN is marked
 * in the list before the person picks a certificate that cannot be used).
 *
 * @param certificate the certificate on its token
 * @param view        how it is shown
 * @param tokenLabel  the label of the token it is on (for a key file: the file name)
 * @param tokenKind   a PKCS#11 token or a key file
 * @param tokenPin    the user PIN state of its token
 * @param validity    where the request's time lies relative to its validity period
 * @param problem     why it may not be chosen, or null when it may
 * @param chain       what checking its chain against the trust store found, or null when it was not
 *                    checked (the trust store is empty); shown, never a reason to refuse the choice
 *                    (the site decides; {@code trustedOnly} leaves untrusted ones out of the list)
 */
public record CertificateChoice(TokenCertificate certificate, CertificateView view, String tokenLabel,
        TokenKind tokenKind, PinStatus tokenPin, CertificateView.Validity validity, Problem problem,
        ChainValidation.Status chain) {

    /** Why a listed certificate may not be chosen; the picker shows it greyed with the reason. */
    public enum Problem {
        /** Its validity period has ended. */
        EXPIRED,
        /** Its validity period has not begun. */
        NOT_YET_VALID,
        /** The user PIN of its token is locked: it cannot log in or sign. */
        PIN_LOCKED
    }

    public CertificateChoice {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(view, "view");
        tokenLabel = Objects.requireNonNullElse(tokenLabel, "");
        tokenKind = Objects.requireNonNullElse(tokenKind, TokenKind.PKCS11);
        tokenPin = Objects.requireNonNullElse(tokenPin, PinStatus.OK);
        validity = Objects.requireNonNullElse(validity, CertificateView.Validity.VALID);
    }

    /** A choice whose chain was not checked. */
    public CertificateChoice(TokenCertificate certificate, CertificateView view, String tokenLabel,
            TokenKind tokenKind, PinStatus tokenPin, CertificateView.Validity validity, Problem problem) {
        this(certificate, view, tokenLabel, tokenKind, tokenPin, validity, problem, null);
    }

    /** The same choice with the chain status {@code chain}. */
    public CertificateChoice withChain(ChainValidation.Status chain) {
        return new CertificateChoice(certificate, view, tokenLabel, tokenKind, tokenPin, validity, problem, chain);
    }

    /** A usable certificate on a PKCS#11 token with nothing to report. */
    public static CertificateChoice usable(TokenCertificate certificate, CertificateView view, String tokenLabel) {
        return new CertificateChoice(certificate, view, tokenLabel, TokenKind.PKCS11, PinStatus.OK,
                CertificateView.Validity.VALID, null);
    }

    public String certId() {
        return view.certId();
    }

    /** Whether the person may choose it. */
    public boolean usable() {
        return problem == null;
    }
}
