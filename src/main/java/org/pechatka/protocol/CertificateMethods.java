package org.pechatka.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Collator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.sign.AuthToken;
import org.pechatka.sign.AuthTokenSigner;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenSession;

/** {@code certificates.select} and {@code auth.authenticate}. */
final class CertificateMethods {

    private final ProtocolService service;

    CertificateMethods(ProtocolService service) {
        this.service = service;
    }

    Object select(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.Select p = Params.read(raw, Params.Select.class);
        PickerRequest.Purpose purpose = purpose(p.purpose());
        CertificateFilter filter = CertificateFilter.of(purpose, p.filter());
        List<PersonalAttribute> attributes = attributes(p.attributes());
        String reason = Limits.dialogText(p.reason(), "reason", false);
        return service.interact(connection, interaction -> {
            CertificateChoice choice = choose(interaction, purpose, reason, filter, attributes);
            Map<String, String> values = consent(interaction, choice.view(), attributes);
            String certId = choice.certId();
            service.remember(connection.origin(), certId);
            List<String> chain = service.chain(choice.certificate()).stream().map(ProtocolService::base64).toList();
            return new Results.Selected(ProtocolService.base64(choice.certificate().certificate()), certId,
                    service.originTokenId(connection.origin(), choice.certificate().tokenId()), chain, values);
        });
    }

    Object authenticate(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.Authenticate p = Params.read(raw, Params.Authenticate.class);
        String nonce = nonce(p.challengeNonce());
        CertificateFilter filter = CertificateFilter.of(PickerRequest.Purpose.AUTH, p.filter());
        List<PersonalAttribute> attributes = attributes(p.attributes());
        return service.interact(connection, interaction -> {
            CertificateChoice choice = choose(interaction, PickerRequest.Purpose.AUTH, null, filter, attributes);
            Map<String, String> values = consent(interaction, choice.view(), attributes);
            TokenCertificate tc = choice.certificate();
            Token token = service.bindToToken(interaction, tc.tokenId());
            AuthToken signed;
            try (TokenSession session = token.open(service.prompter().pinSource(interaction),
                    TokenSession.Access.READ_ONLY)) {
                interaction.checkNotAborted();
                signed = AuthTokenSigner.sign(session, tc.keyRef(), tc.certificate(), connection.origin(), nonce,
                        service.config().appVersionUrl());
            }
            service.remember(connection.origin(), choice.certId());
            return new Results.Authenticated(new Results.AuthToken(signed.unverifiedCertificate(), signed.algorithm(),
                    signed.signature(), signed.format(), signed.appVersion()), values);
        });
    }

    /**
     * The picker, offering what fits the purpose and filter on the tokens present now; when the site
     * asks for personal data the picker shows their values too (the consent that follows then needs
     * no second window if the person allowed exactly those values).
     */
    private CertificateChoice choose(Interaction interaction, PickerRequest.Purpose purpose, String reason,
            CertificateFilter filter, List<PersonalAttribute> attributes) throws PechatkaException {
        PickerRequest.Candidates candidates = new PickerRequest.Candidates() {
            @Override
            public List<CertificateChoice> current() {
                return candidates(filter, Duration.ZERO);
            }

            @Override
            public Runnable subscribe(Consumer<List<CertificateChoice>> onChange) {
                Consumer<TokenEvent> listener = e -> onChange.accept(candidates(filter, Duration.ZERO));
                service.registry().addListener(listener);
                return () -> service.registry().removeListener(listener);
            }
        };
        CertificateChoice choice = service.prompter().chooseCertificate(
                new PickerRequest(purpose, reason, candidates, attributes), interaction);
        interaction.checkNotAborted();
        // the choice must be one we offered, still present and still fitting (a certId is a hash:
        // the listing shown a moment ago is enough to find it again; a miss reads the tokens afresh)
        Optional<CertificateChoice> offered = candidates(filter, ProtocolService.LOOKUP_LISTING_AGE).stream()
                .filter(c -> c.usable() && c.certId().equals(choice.certId())).findFirst();
        if (offered.isEmpty()) {
            offered = candidates(filter, Duration.ZERO).stream()
                    .filter(c -> c.usable() && c.certId().equals(choice.certId())).findFirst();
        }
        CertificateChoice chosen = offered.orElseThrow(PechatkaException.TokenRemoved::new);
        interaction.useCertificate(chosen.view());
        return chosen;
    }

    /** The certificates fitting the filter; {@code listingAge} zero reads the tokens now (for display). */
    private List<CertificateChoice> candidates(CertificateFilter filter, Duration listingAge) {
        Instant now = service.config().clock().instant();
        List<CertificateChoice> out = new ArrayList<>();
        // every listed certificate's chain is checked (the picker shows the status) unless the trust
        // store is empty: then nothing could be trusted and a mark on every row would only be noise
        boolean check = filter.trustedOnly() || !service.trust().anchors().isEmpty();
        List<java.security.cert.X509Certificate> pool = check ? service.caCertificatesOnTokens() : List.of();
        ChainValidation.Use use = filter.purpose() == PickerRequest.Purpose.AUTH ? ChainValidation.Use.AUTH
                : ChainValidation.Use.SIGN;
        for (Token t : service.registry().tokens()) {
            TokenInfo info;
            List<TokenCertificate> certs;
            try {
                info = t.info();
                certs = t.certificates(listingAge);
            } catch (PechatkaException e) {
                continue;
            }
            boolean locked = info.loginRequired() && info.pin().locked();
            for (TokenCertificate tc : certs) {
                CertificateView v;
                try {
                    v = service.view(tc);
                } catch (PechatkaException e) {
                    continue;
                }
                // checked only for a certificate the filter does not drop first (a check may fetch a CRL)
                Chain chain = new Chain(check, () -> service.trust().validate(tc.certificate(), pool, now, use)
                        .status());
                java.util.function.Predicate<TokenCertificate> trusted = c -> chain.status() != null
                        && chain.status().trusted();
                CertificateView.Validity validity = v.validity(now);
                CertificateChoice.Problem problem;
                if (filter.matches(tc, v, now, trusted)) {
                    problem = locked ? CertificateChoice.Problem.PIN_LOCKED : null;
                } else if (filter.matchesOutsideValidity(tc, v, now, trusted)) {
                    // listed greyed with the reason, never chosen: the person sees why it is not offered
                    problem = validity == CertificateView.Validity.EXPIRED ? CertificateChoice.Problem.EXPIRED
                            : CertificateChoice.Problem.NOT_YET_VALID;
                } else {
                    continue;
                }
                out.add(new CertificateChoice(tc, v, info.label(), info.kind(), info.pin(), validity, problem,
                        chain.status()));
            }
        }
        out.sort(PICKER_ORDER);
        return out;
    }

    /** One certificate's chain status, worked out at most once and only when asked for; null when not checked. */
    private static final class Chain {
        private final java.util.function.Supplier<ChainValidation.Status> check;
        private ChainValidation.Status status;
        private boolean done;

        Chain(boolean enabled, java.util.function.Supplier<ChainValidation.Status> check) {
            this.check = check;
            this.done = !enabled;
        }

        ChainValidation.Status status() {
            if (!done) {
                status = check.get();
                done = true;
            }
            return status;
        }
    }

    /**
     * The picker's order, the same every time (a token lists its objects in no fixed order): by
     * token, then by the person's name as Belarusian and Russian readers sort it, the newest
     * certificate of one person first.
     */
    private static final Comparator<CertificateChoice> PICKER_ORDER;

    static {
        Collator collator = Collator.getInstance(Locale.forLanguageTag("be"));
        collator.setStrength(Collator.SECONDARY);
        PICKER_ORDER = Comparator.<CertificateChoice, String>comparing(CertificateChoice::tokenLabel, collator)
                .thenComparing(c -> String.valueOf(c.view().fullName()), collator)
                .thenComparing(c -> c.certificate().certificate().getNotAfter(), Comparator.reverseOrder())
                .thenComparing(CertificateChoice::certId);
    }

    /**
     * When the site asks for personal data: the values from the chosen certificate, shown to the
     * person, who allows or refuses the whole.
     */
    private Map<String, String> consent(Interaction interaction, CertificateView view,
            List<PersonalAttribute> requested) throws PechatkaException {
        Map<String, String> wire = new LinkedHashMap<>();
        if (requested.isEmpty()) {
            return wire;
        }
        ConsentRequest request = ConsentRequest.of(view, requested);
        service.prompter().approveAttributes(request, interaction);
        interaction.checkNotAborted();
        request.attributes().forEach((a, v) -> wire.put(a.protocolName(), v));
        return wire;
    }

    static PickerRequest.Purpose purpose(String purpose) throws PechatkaException.InvalidParams {
        if ("auth".equals(purpose)) {
            return PickerRequest.Purpose.AUTH;
        }
        if ("sign".equals(purpose)) {
            return PickerRequest.Purpose.SIGN;
        }
        throw new PechatkaException.InvalidParams("purpose must be \"auth\" or \"sign\"");
    }

    static List<PersonalAttribute> attributes(List<String> names) throws PechatkaException.InvalidParams {
        if (names == null) {
            return List.of();
        }
        if (names.size() > PersonalAttribute.values().length * 2) {
            throw new PechatkaException.InvalidParams("too many attributes");
        }
        LinkedHashSet<PersonalAttribute> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(PersonalAttribute.byProtocolName(n == null ? "" : n)
                    .orElseThrow(() -> new PechatkaException.InvalidParams("unknown attribute")));
        }
        return List.copyOf(out);
    }

    /** 44 to 128 printable ASCII characters (Web eID rule; the portal's nonce is base64 of 256 bits). */
    static String nonce(String nonce) throws PechatkaException.InvalidParams {
        if (nonce == null) {
            throw new PechatkaException.InvalidParams("challengeNonce is required");
        }
        if (nonce.length() < Limits.MIN_NONCE || nonce.length() > Limits.MAX_NONCE) {
            throw new PechatkaException.InvalidParams("challengeNonce must be 44 to 128 characters");
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new PechatkaException.InvalidParams("challengeNonce must be printable ASCII");
            }
        }
        return nonce;
    }
}
