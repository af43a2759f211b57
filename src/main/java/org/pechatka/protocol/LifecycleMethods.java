package org.pechatka.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.cert.CertificateView;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.PublicKeys;
import org.pechatka.error.PechatkaException;
import org.pechatka.lifecycle.CertificateImport;
import org.pechatka.lifecycle.CsrService;
import org.pechatka.lifecycle.SubjectSpec;
import org.pechatka.prompt.CsrRequest;
import org.pechatka.prompt.ImportRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenSession;

/**
 * {@code csr.create} and {@code cert.import} (PROTOCOL.md section 2.1): a new key and request on a
 * token, and the certificate issued for it stored next to the key. Both ask the person first and
 * never overwrite or delete anything on a token.
 */
final class LifecycleMethods {

    private static final System.Logger LOG = System.getLogger(LifecycleMethods.class.getName());
    /** A certificate with its chain is far smaller; the limit keeps a page from filling memory. */
    private static final int MAX_CERTIFICATE_BYTES = 1 << 20;
    private static final int MAX_CHAIN = 16;
    private static final int MAX_CHALLENGE = 1024;
    private static final String DEFAULT_LABEL = "Pechatka";

    private final ProtocolService service;
    /**
     * The token each key made by {@code csr.create} in this run is on, by canonical public key: the
     * certificate issued for it is imported there even when several tokens are present.
     */
    private final Map<SubjectPublicKeyInfo, String> madeOn = new ConcurrentHashMap<>();

    LifecycleMethods(ProtocolService service) {
        this.service = service;
    }

    // ---- csr.create ------------------------------------------------------------------------------

    Object createCsr(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.CsrCreate p = Params.read(raw, Params.CsrCreate.class);
        String algorithmName = Limits.string(p.keyAlgorithm(), "keyAlgorithm", true);
        KeyInfo key = KeyInfo.byProtocolName(algorithmName)
                .orElseThrow(() -> new PechatkaException.InvalidParams("keyAlgorithm is not a known key name"));
        if (!service.config().keyAlgorithms().test(algorithmName)) {
            // the administrator's allowedKeyAlgorithms: refused before the person is asked anything
            throw new PechatkaException.OperationNotAllowed("the administrator does not allow " + algorithmName
                    + " keys on this computer");
        }
        if ((p.subject() == null) == (p.renewOf() == null)) {
            throw new PechatkaException.InvalidParams("give either subject or renewOf");
        }
        X500Name typed = p.subject() == null ? null : subject(p.subject());
        String challenge = Limits.string(p.challengePassword(), "challengePassword", false);
        if (challenge != null && (challenge.isEmpty() || challenge.length() > MAX_CHALLENGE)) {
            throw new PechatkaException.InvalidParams("challengePassword must be 1 to " + MAX_CHALLENGE + " characters");
        }
        String label = Limits.dialogText(p.label(), "label", false);
        label = label == null || label.isBlank() ? DEFAULT_LABEL : label;
        String renewOf = p.renewOf();
        if (renewOf != null) {
            if (!renewOf.matches("[0-9a-f]{64}")) {
                throw new PechatkaException.InvalidParams("renewOf must be 64 lowercase hex characters");
            }
            if (!service.grants().allowed(connection.origin(), renewOf)) {
                throw new PechatkaException.KeyNotFound("Unknown certificate");
            }
        }
        String tokenId = Limits.string(p.tokenId(), "tokenId", false);
        String keyLabel = label;
        return service.interact(connection, interaction -> {
            CertificateView renewal = null;
            X500Name subject = typed;
            Token token = null;
            if (renewOf != null) {
                ProtocolService.Located located = service.locate(renewOf);
                renewal = located.view();
                subject = SubjectSpec.copiedFrom(located.certificate().certificate());
                token = located.token();
            }
            if (tokenId != null) {
                token = byOriginId(connection.origin(), tokenId);
            } else if (token == null) {
                token = onlyTokenFor(key);
            }
            TokenInfo info = token.info();
            CsrService.checkCanCreate(token, info.kind(), key);
            service.bindToToken(interaction, token);
            interaction.useCertificate(renewal);
            List<CsrRequest.SubjectLine> lines = SubjectSpec.lines(subject).stream()
                    .map(a -> new CsrRequest.SubjectLine(a.type(), a.value())).toList();
            service.prompter().confirmCsr(new CsrRequest(info.label(), key.displayName(), lines, challenge != null,
                    renewal), interaction);
            interaction.checkNotAborted();
            CsrService.Created created;
            try (TokenSession session = open(interaction, token)) {
                created = CsrService.create(session, new CsrService.Spec(key, subject, challenge, keyLabel));
            }
            madeOn.put(PublicKeys.canonical(created.key().publicKey()), token.id());
            LOG.log(System.Logger.Level.INFO, "a new {0} key and request were made on a token for {1}",
                    algorithmName, connection.origin());
            return new Results.Csr(created.pem(), service.originTokenId(connection.origin(), token.id()),
                    created.key().keyIdHex());
        });
    }

    private static X500Name subject(List<Params.SubjectAttribute> attributes) throws PechatkaException.InvalidParams {
        if (attributes.isEmpty() || attributes.size() > 64) {
            throw new PechatkaException.InvalidParams("subject must hold 1 to 64 attributes");
        }
        List<SubjectSpec.Attribute> checked = new ArrayList<>();
        for (int i = 0; i < attributes.size(); i++) {
            Params.SubjectAttribute a = attributes.get(i);
            if (a == null) {
                throw new PechatkaException.InvalidParams("subject[" + i + "] is empty");
            }
            String type = Limits.string(a.type(), "subject[" + i + "].type", true);
            String value = Limits.dialogText(a.value(), "subject[" + i + "].value", true);
            checked.add(new SubjectSpec.Attribute(type, value));
        }
        try {
            return SubjectSpec.of(checked);
        } catch (IllegalArgumentException e) {
            throw new PechatkaException.InvalidParams("subject: " + e.getMessage());
        }
    }

    /** The token a page names by its per-origin id, present now. */
    private Token byOriginId(String origin, String tokenId) throws PechatkaException {
        for (Token t : service.registry().tokens()) {
            if (service.originTokenId(origin, t.id()).equals(tokenId)) {
                return t;
            }
        }
        throw new PechatkaException.TokenNotPresent();
    }

    /**
     * Without a tokenId: the one token present that can make this key. Several such tokens: the page
     * must say which (from {@code tokens.list}), never a guess that puts the key where the person
     * does not expect it.
     */
    private Token onlyTokenFor(KeyInfo key) throws PechatkaException {
        List<Token> present = service.registry().tokens();
        List<Token> able = present.stream().filter(t -> t.canGenerate(key)).toList();
        if (able.size() == 1) {
            return able.get(0);
        }
        if (able.size() > 1) {
            throw new PechatkaException.InvalidParams("several tokens can hold the key: give tokenId");
        }
        if (present.stream().noneMatch(t -> kind(t) == TokenKind.PKCS11)) {
            throw new PechatkaException.TokenNotPresent();
        }
        throw new PechatkaException.AlgorithmUnsupported("no token present can generate a " + key.displayName() + " key");
    }

    // ---- cert.import -----------------------------------------------------------------------------

    Object importCertificate(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.CertImport p = Params.read(raw, Params.CertImport.class);
        byte[] certificate = decode(p.certificate(), "certificate");
        List<byte[]> chain = new ArrayList<>();
        if (p.chain() != null) {
            if (p.chain().size() > MAX_CHAIN) {
                throw new PechatkaException.InvalidParams("chain holds more than " + MAX_CHAIN + " certificates");
            }
            for (int i = 0; i < p.chain().size(); i++) {
                chain.add(decode(p.chain().get(i), "chain[" + i + "]"));
            }
        }
        CertificateImport.Parsed parsed = CertificateImport.parse(certificate, chain);
        CertificateImport.checkTrusted(parsed, service.trust(), service.caCertificatesOnTokens(),
                service.config().clock().instant());
        return service.interact(connection, interaction -> {
            Token token = tokenForImport(parsed);
            TokenInfo info = token.info();
            service.bindToToken(interaction, token);
            CertificateView view = view(parsed.certificate());
            interaction.useCertificate(view);
            List<CertificateView> cas = new ArrayList<>();
            for (X509Certificate ca : parsed.cas()) {
                cas.add(view(ca));
            }
            service.prompter().confirmImport(new ImportRequest(info.label(), view, cas), interaction);
            interaction.checkNotAborted();
            CertificateImport.Stored stored;
            try (TokenSession session = open(interaction, token)) {
                stored = CertificateImport.store(session, parsed, null, true);
            }
            service.remember(connection.origin(), stored.certId());
            LOG.log(System.Logger.Level.INFO, "a certificate from {0} was {1} on a token", connection.origin(),
                    stored.alreadyPresent() ? "already" : "stored");
            return new Results.Imported(stored.certId(), service.originTokenId(connection.origin(), token.id()),
                    HexFormat.of().formatHex(stored.keyId()));
        });
    }

    /**
     * Where the certificate's key is: the token {@code csr.create} made it on in this run; else a
     * token that already lists a certificate with this public key; else the only PKCS#11 token
     * present, or the first one (the key is looked for there after login; {@code KEY_NOT_FOUND}
     * when it is not).
     */
    private Token tokenForImport(CertificateImport.Parsed parsed) throws PechatkaException {
        SubjectPublicKeyInfo spki = PublicKeys.canonical(
                SubjectPublicKeyInfo.getInstance(parsed.certificate().getPublicKey().getEncoded()));
        List<Token> writable = service.registry().tokens().stream().filter(t -> kind(t) == TokenKind.PKCS11).toList();
        if (writable.isEmpty()) {
            throw new PechatkaException.TokenNotPresent();
        }
        String made = madeOn.get(spki);
        Optional<Token> byMade = writable.stream().filter(t -> t.id().equals(made)).findFirst();
        if (byMade.isPresent()) {
            return byMade.get();
        }
        for (Token t : writable) {
            try {
                for (TokenCertificate c : t.certificates()) {
                    if (PublicKeys.same(spki, SubjectPublicKeyInfo.getInstance(
                            c.certificate().getPublicKey().getEncoded()))) {
                        return t;
                    }
                }
            } catch (PechatkaException e) {
                // an unreadable token is not the one
            }
        }
        return writable.get(0);
    }

    /** A certificate in the message: PEM text, or base64 of DER / PKCS#7. */
    private static byte[] decode(String value, String field) throws PechatkaException.InvalidParams {
        String v = Limits.string(value, field, true);
        if (v.stripLeading().startsWith("-----BEGIN ")) {
            return v.getBytes(StandardCharsets.US_ASCII);
        }
        return Limits.base64(v, field, MAX_CERTIFICATE_BYTES);
    }

    private static CertificateView view(X509Certificate c) throws PechatkaException {
        try {
            return CertificateView.of(c);
        } catch (CertificateException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be read");
        }
    }

    private static TokenKind kind(Token t) {
        try {
            return t.info().kind();
        } catch (PechatkaException e) {
            return TokenKind.KEY_FILE; // unreadable: never written to
        }
    }

    private TokenSession open(Interaction interaction, Token token) throws PechatkaException {
        return service.openSession(interaction, token, TokenSession.Access.READ_WRITE);
    }
}
