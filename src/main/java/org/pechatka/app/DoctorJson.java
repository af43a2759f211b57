package org.pechatka.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.cert.CertificateView;
import org.pechatka.config.AdminPolicy;
import org.pechatka.server.tls.TrustStores;
import org.pechatka.token.ProviderStatus;
import org.pechatka.token.SlotReport;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * {@code pechatka doctor --json}: what doctor finds as one JSON document for a help desk (schema
 * {@value #SCHEMA}, described in docs/admin.md). It holds no personal data: no user name, the home
 * folder written as {@code ~}, no token serial numbers, no key-file names, problems about
 * certificates without the person's name; each certificate's subject, issuer, validity and serial
 * number only when the person adds {@code --include-certificates}.
 */
final class DoctorJson {

    static final String SCHEMA = "pechatka-doctor/1";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final boolean includeCertificates;
    private final ObjectNode root = F.objectNode();
    private final ArrayNode modules = F.arrayNode();
    private final ArrayNode tokens = F.arrayNode();
    private final List<String> textProblems = new ArrayList<>();
    private final ArrayNode jsonProblems = F.arrayNode();
    private final String home = System.getProperty("user.home", "");

    DoctorJson(boolean includeCertificates) {
        this.includeCertificates = includeCertificates;
        root.put("schema", SCHEMA);
    }

    /**
     * The problems for the text output; adding one adds it to the document too (use
     * {@link #problem(String, String)} for a sentence that names the person).
     */
    List<String> problems() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return textProblems.get(index);
            }

            @Override
            public int size() {
                return textProblems.size();
            }

            @Override
            public void add(int index, String problem) {
                textProblems.add(index, problem);
                jsonProblems.add(problem);
            }
        };
    }

    /** A problem whose text names a person (a certificate's or key file's name): the document gets {@code anonymous}. */
    void problem(String named, String anonymous) {
        textProblems.add(named);
        jsonProblems.add(includeCertificates ? named : anonymous);
    }

    void environment(String version, Path dataDir, Path configDir, Path logDir) {
        root.put("version", version);
        ObjectNode os = root.putObject("os");
        os.put("name", System.getProperty("os.name"));
        os.put("version", System.getProperty("os.version"));
        os.put("arch", System.getProperty("os.arch"));
        ObjectNode java = root.putObject("java");
        java.put("version", Runtime.version().toString());
        java.put("vendor", System.getProperty("java.vendor"));
        ObjectNode dirs = root.putObject("directories");
        dirs.put("data", path(dataDir));
        dirs.put("config", path(configDir));
        dirs.put("logs", path(logDir));
    }

    void endpoint(AdminPolicy p, List<String> warnings, List<String> trustedSites, String portState) {
        ObjectNode policy = root.putObject("policy");
        policy.put("source", p.present() ? p.source() : null);
        policy.put("valid", p.error() == null);
        policy.put("problem", p.error());
        policy.set("warnings", strings(warnings));
        ObjectNode effective = policy.putObject("effective");
        effective.set("trustedOrigins", strings(p.trustedOrigins()));
        effective.put("allowUserOrigins", p.allowUserOrigins());
        effective.put("port", p.port());
        effective.put("maxMessageBytes", p.maxMessageBytes());
        effective.put("pinCacheMinutes", p.pinCache().toMinutes());
        if (p.autostart() == null) {
            effective.putNull("autostart");
        } else {
            effective.put("autostart", p.autostart());
        }
        effective.set("pkcs11Modules", strings(p.pkcs11Modules()));
        effective.put("dialogTimeoutSeconds", p.dialogTimeout().toSeconds());
        if (p.allowedKeyAlgorithms() == null) {
            effective.putNull("allowedKeyAlgorithms");
        } else {
            effective.set("allowedKeyAlgorithms", strings(p.allowedKeyAlgorithms()));
        }
        effective.set("trustedCertificates", strings(p.trustedCertificates().stream().map(Path::toString).toList()));
        effective.put("logLevel", p.logLevel().name());
        ObjectNode endpoint = root.putObject("endpoint");
        endpoint.put("port", p.port());
        endpoint.put("portState", portState);
        endpoint.set("trustedSites", strings(trustedSites));
    }

    void localCertificate(Path ca, Instant notAfter, List<TrustStores.Report> reports, String problem) {
        ObjectNode tls = root.putObject("localTls");
        tls.put("created", ca != null && problem == null);
        tls.put("caFile", ca == null ? null : path(ca));
        tls.put("notAfter", notAfter == null ? null : notAfter.toString());
        tls.put("problem", problem);
        ArrayNode stores = tls.putArray("browserStores");
        for (TrustStores.Report r : reports) {
            ObjectNode s = stores.addObject();
            s.put("kind", r.store().kind().name());
            s.put("label", r.store().label());
            s.put("location", r.store().location() == null ? null : path(r.store().location()));
            s.put("state", r.state().name());
            s.put("ok", r.mark() == TrustStores.Mark.OK);
            s.put("message", r.message());
        }
    }

    void module(ModuleDiscovery.Candidate c, ProviderStatus status) {
        ObjectNode m = modules.addObject();
        m.put("path", c.path());
        m.put("origin", c.origin().name());
        m.put("name", c.name());
        m.put("exists", c.exists());
        m.put("loaded", status != null && status.loaded());
        m.put("description", status == null ? null : status.description());
        m.set("notes", strings(status == null ? List.of() : status.notes()));
        m.putArray("slots");
    }

    void slots(String provider, List<SlotReport> slots) {
        ObjectNode module = null;
        for (var node : modules) {
            if (node.path("path").asText().equals(provider)) {
                module = (ObjectNode) node;
            }
        }
        if (module == null) { // the key files provider: not a module
            return;
        }
        ArrayNode out = (ArrayNode) module.get("slots");
        for (SlotReport s : slots) {
            ObjectNode n = out.addObject();
            n.put("slotId", s.slotId());
            n.put("description", s.description());
            n.put("tokenPresent", s.tokenPresent());
            n.put("tokenInitialized", s.tokenInitialized());
            n.put("tokenLabel", s.tokenPresent() ? s.tokenLabel() : null);
            n.put("tokenId", s.tokenId());
        }
    }

    void unreadableToken(String tokenId, String problem) {
        ObjectNode t = tokens.addObject();
        t.put("tokenId", tokenId);
        t.put("problem", problem);
    }

    /** A token; key files are named only with --include-certificates (a file name often names the person). */
    void token(TokenInfo info, List<String> signatureAlgorithms, int mechanismCount) {
        ObjectNode t = tokens.addObject();
        t.put("tokenId", info.tokenId());
        t.put("kind", info.kind().name());
        boolean pkcs11 = info.kind() == TokenKind.PKCS11;
        t.put("label", pkcs11 || includeCertificates ? info.label() : null);
        t.put("manufacturer", pkcs11 ? info.manufacturer() : null);
        t.put("model", pkcs11 ? info.model() : null);
        t.put("module", pkcs11 ? info.source() : null);
        t.put("present", info.present());
        t.put("loginRequired", info.loginRequired());
        t.put("protectedAuthPath", info.protectedAuthPath());
        ObjectNode pin = t.putObject("pin");
        pin.put("locked", info.pin().locked());
        pin.put("finalTry", info.pin().finalTry());
        pin.put("countLow", info.pin().countLow());
        pin.put("toBeChanged", info.pin().toBeChanged());
        t.set("signatureAlgorithms", strings(signatureAlgorithms));
        if (mechanismCount >= 0) {
            t.put("mechanismCount", mechanismCount);
        }
        t.put("certificateCount", 0);
    }

    void certificateCount(String tokenId, int count) {
        ObjectNode t = tokenNode(tokenId);
        if (t != null) {
            t.put("certificateCount", count);
        }
    }

    /** A certificate: only with --include-certificates, and then only these four facts. */
    void certificate(String tokenId, CertificateView v) {
        ObjectNode t = tokenNode(tokenId);
        if (!includeCertificates || t == null) {
            return;
        }
        ArrayNode certs = t.has("certificates") ? (ArrayNode) t.get("certificates") : t.putArray("certificates");
        ObjectNode c = certs.addObject();
        c.put("subject", v.subjectDn());
        c.put("issuer", v.issuerDn());
        c.put("notBefore", v.notBefore().toString());
        c.put("notAfter", v.notAfter().toString());
        c.put("serial", v.certificate().getSerialNumber().toString(16));
    }

    private ObjectNode tokenNode(String tokenId) {
        for (var node : tokens) {
            if (node.path("tokenId").asText().equals(tokenId)) {
                return (ObjectNode) node;
            }
        }
        return null;
    }

    /** The document, indented. */
    String toJson() {
        root.set("pkcs11Modules", modules);
        root.set("tokens", tokens);
        root.put("certificatesIncluded", includeCertificates);
        root.set("problems", jsonProblems);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path with the home folder written as {@code ~} (the home folder's name is often the person's). */
    private String path(Path p) {
        String s = p.toAbsolutePath().toString();
        return !home.isEmpty() && (s.equals(home) || s.startsWith(home + java.io.File.separator))
                ? "~" + s.substring(home.length()) : s;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
