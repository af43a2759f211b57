package org.pechatka.prompt;

import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinSource;

/**
 * The person, as the protocol reaches them: the dialogs of the desktop app, or a scripted person in
 * tests. Every method blocks the calling thread (never the UI thread) until the person answers, the
 * dialog times out ({@code USER_TIMEOUT}), the person cancels ({@code USER_CANCELLED}) or the
 * interaction is aborted (the reason it was aborted with, e.g. {@code TOKEN_REMOVED}). Every dialog
 * names {@link Interaction#origin()} first and shows site-supplied text as plain text, marked as
 * coming from the site.
 */
public interface Prompter {

    /** Shows the certificate picker; returns the chosen certificate. */
    CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction) throws PechatkaException;

    /**
     * Asks to share personal data; returns normally when allowed, throws {@code USER_CANCELLED} when
     * refused. When the picker of the same interaction already showed and the person allowed exactly
     * this request (same certificate, same values), it returns at once without a second window.
     */
    void approveAttributes(ConsentRequest request, Interaction interaction) throws PechatkaException;

    /** Asks to confirm a signature; returns normally when confirmed. */
    void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException;

    /**
     * Asks to create a new key on a token and a certificate request with it; returns normally when
     * allowed.
     */
    void confirmCsr(CsrRequest request, Interaction interaction) throws PechatkaException;

    /** Asks to store a certificate on a token; returns normally when allowed. */
    void confirmImport(ImportRequest request, Interaction interaction) throws PechatkaException;

    /** The PIN dialog for this interaction, as the token layer's {@link PinSource}. */
    PinSource pinSource(Interaction interaction);
}
