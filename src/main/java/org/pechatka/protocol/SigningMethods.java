package org.pechatka.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.pechatka.cert.CertificateView;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.sign.CmsContent;
import org.pechatka.sign.CmsSigner;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenSession;

/** {@code sign.cms}, {@code sign.hash} and {@code sign.batch}. */
final class SigningMethods {

    private final ProtocolService service;

    SigningMethods(ProtocolService service) {
        this.service = service;
    }

    /** One document to sign, checked: its data or its hash. */
    private record Document(String name, byte[] data, byte[] hash, HashAlgorithm hashAlgorithm) {

        CmsContent content(boolean detached) throws PechatkaException.InvalidParams {
            return data != null ? CmsContent.data(data, detached) : CmsContent.hash(hash,
                    hashAlgorithm);
        }

        SigningRequest.Document shown() {
            byte[] digest = hash != null ? hash : sha256(data);
            return new SigningRequest.Document(name, data != null ? data.length : -1,
                    CertificateFilter.fingerprint(hash != null ? hashAlgorithm.protocolName() : "SHA-256", digest));
        }
    }

    Object signCms(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.SignCms p = Params.read(raw, Params.SignCms.class);
        String certId = certId(p.certId());
        Document doc = document(p.data(), p.hash(), p.hashAlgorithm(), p.documentName(), "");
        boolean detached = detached(p.detached(), doc.hash() != null);
        String description = Limits.dialogText(p.description(), "description", false);
        granted(connection, certId);
        return service.interact(connection, interaction -> {
            ProtocolService.Located located = usableForSigning(certId);
            SignatureAlgorithm algorithm = algorithm(located, doc.hashAlgorithm());
            confirm(interaction, located, List.of(doc), description, false);
            try (TokenSession session = open(interaction, located)) {
                byte[] cms = CmsSigner.sign(session, located.certificate().keyRef(), located.certificate().certificate(),
                        chain(located), algorithm, doc.content(detached), service.config().clock().instant());
                return new Results.Cms(Base64.getEncoder().encodeToString(cms), algorithm.name());
            }
        });
    }

    Object signHash(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.SignHash p = Params.read(raw, Params.SignHash.class);
        String certId = certId(p.certId());
        if (p.hashAlgorithm() == null) {
            throw new PechatkaException.InvalidParams("hashAlgorithm is required");
        }
        Document doc = document(null, p.hash(), p.hashAlgorithm(), p.documentName(), "");
        String description = Limits.dialogText(p.description(), "description", false);
        granted(connection, certId);
        return service.interact(connection, interaction -> {
            ProtocolService.Located located = usableForSigning(certId);
            if (!CertificateFilter.mayHashSign(located.view())) {
                // a raw hash signed by a key usable for login could be another site's login challenge
                throw new PechatkaException.OperationNotAllowed(
                        "Only a certificate for non-repudiation alone may sign a raw hash; use sign.cms");
            }
            SignatureAlgorithm algorithm = algorithm(located, doc.hashAlgorithm());
            confirm(interaction, located, List.of(doc), description, true);
            try (TokenSession session = open(interaction, located)) {
                byte[] signature = session.sign(located.certificate().keyRef(), algorithm, SignInput.digest(doc.hash()));
                return new Results.HashSignature(Base64.getEncoder().encodeToString(signature),
                        new Results.SigAlg(algorithm.scheme().cryptoAlgorithm(), algorithm.hash().protocolName(),
                                algorithm.scheme().paddingScheme()));
            }
        });
    }

    Object signBatch(Connection connection, ObjectNode raw) throws PechatkaException {
        Params.SignBatch p = Params.read(raw, Params.SignBatch.class);
        String certId = certId(p.certId());
        if (p.items() == null || p.items().isEmpty()) {
            throw new PechatkaException.InvalidParams("items must hold at least one document");
        }
        if (p.items().size() > Limits.MAX_BATCH_ITEMS) {
            throw new PechatkaException.InvalidParams("items holds more than " + Limits.MAX_BATCH_ITEMS + " documents");
        }
        List<Document> docs = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < p.items().size(); i++) {
            Params.BatchItem item = p.items().get(i);
            if (item == null) {
                throw new PechatkaException.InvalidParams("items[" + i + "] is empty");
            }
            Document d = document(item.data(), item.hash(), item.hashAlgorithm(), item.documentName(),
                    "items[" + i + "].");
            total += d.data() != null ? d.data().length : 0;
            if (total > Limits.MAX_BATCH_BYTES) {
                throw new PechatkaException.InvalidParams("the documents of a batch exceed 64 MiB");
            }
            docs.add(d);
        }
        boolean anyHash = docs.stream().anyMatch(d -> d.hash() != null);
        boolean detached = detached(p.detached(), anyHash);
        HashAlgorithm hash = docs.get(0).hashAlgorithm();
        for (Document d : docs) {
            if (d.hashAlgorithm() != hash) {
                throw new PechatkaException.InvalidParams("all items of a batch use one hashAlgorithm");
            }
        }
        granted(connection, certId);
        return service.interact(connection, interaction -> {
            ProtocolService.Located located = usableForSigning(certId);
            SignatureAlgorithm algorithm = algorithm(located, hash);
            confirm(interaction, located, docs, null, false);
            List<Results.BatchItem> results = new ArrayList<>(docs.size());
            try (TokenSession session = open(interaction, located)) {
                var chain = chain(located);
                var when = service.config().clock().instant();
                for (Document d : docs) {
                    interaction.checkNotAborted();
                    byte[] cms = CmsSigner.sign(session, located.certificate().keyRef(),
                            located.certificate().certificate(), chain, algorithm, d.content(detached), when);
                    results.add(new Results.BatchItem(Base64.getEncoder().encodeToString(cms)));
                }
            }
            return new Results.Batch(results);
        });
    }

    // ---- checks shared by the three methods ----------------------------------------------------

    private static String certId(String certId) throws PechatkaException.InvalidParams {
        if (certId == null || !certId.matches("[0-9a-f]{64}")) {
            throw new PechatkaException.InvalidParams("certId must be 64 lowercase hex characters");
        }
        return certId;
    }

    /**
     * Only a certificate the person gave this origin. Any certId not given to this origin is
     * answered exactly like one that does not exist. Checked before the one-dialog-at-a-time gate,
     * without the token.
     */
    private void granted(Connection connection, String certId) throws PechatkaException {
        if (!service.grants().allowed(connection.origin(), certId)) {
            throw new PechatkaException.KeyNotFound("Unknown certificate");
        }
    }

    /**
     * The certificate, on a token present now, valid, with a key usage for signing. Looked up
     * inside the gate: a request refused with {@code ACTION_PENDING} never waits for the token.
     */
    private ProtocolService.Located usableForSigning(String certId) throws PechatkaException {
        ProtocolService.Located located = service.locate(certId);
        CertificateView v = located.view();
        if (!v.validAt(service.config().clock().instant())) {
            throw new PechatkaException.CertificateUnusable("The certificate is outside its validity period");
        }
        if (!CertificateFilter.suitsPurpose(v, PickerRequest.Purpose.SIGN)) {
            throw new PechatkaException.CertificateUnusable("The certificate is not for signing");
        }
        return located;
    }

    private static SignatureAlgorithm algorithm(ProtocolService.Located located, HashAlgorithm hash)
            throws PechatkaException {
        KeyInfo key = located.view().key();
        if (key == null) {
            throw new PechatkaException.AlgorithmUnsupported("Pechatka does not know this key's algorithm");
        }
        return CmsSigner.defaultAlgorithm(key, hash);
    }

    private static Document document(String data, String hash, String hashAlgorithm, String documentName,
            String prefix) throws PechatkaException.InvalidParams {
        String name = Limits.dialogText(documentName, prefix + "documentName", true);
        if ((data == null) == (hash == null)) {
            throw new PechatkaException.InvalidParams(prefix + "give either data or hash");
        }
        HashAlgorithm alg = null;
        if (hashAlgorithm != null) {
            alg = HashAlgorithm.byProtocolName(hashAlgorithm)
                    .orElseThrow(() -> new PechatkaException.InvalidParams(prefix + "hashAlgorithm is not supported"));
        }
        if (data != null) {
            return new Document(name, Limits.base64(data, prefix + "data", Limits.MAX_DOCUMENT_BYTES), null, alg);
        }
        if (alg == null) {
            throw new PechatkaException.InvalidParams(prefix + "hashAlgorithm is required with hash");
        }
        byte[] h = Limits.base64(hash, prefix + "hash", 64);
        if (h.length != alg.length()) {
            throw new PechatkaException.InvalidParams(prefix + "hash must be " + alg.length() + " bytes for "
                    + alg.protocolName());
        }
        return new Document(name, null, h, alg);
    }

    private static boolean detached(Boolean requested, boolean fromHash) throws PechatkaException.InvalidParams {
        boolean detached = requested == null || requested;
        if (fromHash && !detached) {
            throw new PechatkaException.InvalidParams("a signature over a hash is always detached");
        }
        return detached;
    }

    private void confirm(Interaction interaction, ProtocolService.Located located, List<Document> docs,
            String description, boolean rawHash) throws PechatkaException {
        service.bindToToken(interaction, located.token());
        interaction.useCertificate(located.view());
        service.prompter().confirmSigning(new SigningRequest(located.view(),
                docs.stream().map(Document::shown).toList(), description, rawHash), interaction);
        interaction.checkNotAborted();
    }

    private TokenSession open(Interaction interaction, ProtocolService.Located located) throws PechatkaException {
        return service.openSession(interaction, located.token(), TokenSession.Access.READ_ONLY);
    }

    private java.util.List<java.security.cert.X509Certificate> chain(ProtocolService.Located located) {
        return service.chain(located.certificate());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return HashAlgorithm.SHA_256.digest(data);
        } catch (PechatkaException.AlgorithmUnsupported e) {
            throw new IllegalStateException(e);
        }
    }
}
