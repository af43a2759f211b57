package org.pechatka.ui.request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.pechatka.cert.CertificateRequests;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.error.PechatkaException;
import org.pechatka.lifecycle.CsrService;
import org.pechatka.lifecycle.SubjectSpec;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.ui.common.Language;

/**
 * What the Create request window decides, without a window: where the key goes (a token present, or
 * a new key file), which keys that place can make and the administrator allows, the subject's fields
 * of the Belarus and Russian profiles in their prescribed order with a check per field, the request
 * itself ({@link CsrService}: on the token, or in memory for a new key file) and the files written.
 */
public final class RequestViewModel {

    /** The request's subject profile. */
    public enum Profile {
        /** STB 34.101.78 (the order of {@link CertificateRequests#belarusOrder}). */
        BELARUS,
        /** Приказ ФСБ России № 795. */
        RUSSIA
    }

    /** How a field's value is checked. */
    enum Check {
        TEXT, COUNTRY, PRINTABLE, EMAIL, INN, INNLE, OGRN, SNILS, OGRNIP
    }

    /**
     * One field of a profile's form.
     *
     * @param type     the attribute's short name ({@code SN}, {@code G}, {@code CN} …)
     * @param textKey  the key of its label in the screen's texts
     * @param required whether the request needs it
     * @param check    how its value is checked
     */
    public record Field(String type, String textKey, boolean required, Check check) {}

    /**
     * Where the key goes.
     *
     * @param tokenId the PKCS#11 token's id, or null for a new key file
     * @param label   the token's label (empty for a new key file)
     */
    public record Target(String tokenId, String label) {
        public boolean newKeyFile() {
            return tokenId == null;
        }
    }

    /**
     * A key the person may choose.
     *
     * @param protocolName {@code EC-P256} …
     * @param key          the key for generation
     * @param allowed      whether the administrator allows it (a disallowed key is shown, not chosen)
     */
    public record KeyChoice(String protocolName, KeyInfo key, boolean allowed) {}

    /** A field's problem: a text key of the screen and its argument (a length), or 0. */
    public record Problem(String textKey, int length) {}

    /** The request's file format. */
    public enum Format { PEM, DER }

    /**
     * What was made.
     *
     * @param request     the signed request
     * @param keyIdHex    the new key's CKA_ID (token) or localKeyId (key file), lower-case hex
     * @param keyFileSaved the new key file's path, or null (the key is on a token)
     * @param keyFileBytes the new key file (encrypted), or null
     */
    public record Made(PKCS10CertificationRequest request, String keyIdHex, SubjectPublicKeyInfo publicKey,
            Path keyFileSaved, byte[] keyFileBytes) {}

    /** The keys offered, in the order shown. */
    static final List<String> KEY_NAMES = List.of("EC-P256", "EC-P384", "RSA-2048", "RSA-3072", "BIGN-128",
            "GOST-2012-256", "GOST-2012-512");
    static final String DEFAULT_KEY = "EC-P256";
    /** Labels and values are kept short enough for any CA; a longer text is almost always a mistake. */
    static final int MAX_VALUE = 128;
    static final int MAX_LABEL = 64;

    private static final List<Field> BELARUS = List.of(
            new Field("CN", "field.cn", true, Check.TEXT),
            new Field("SN", "field.sn", true, Check.TEXT),
            new Field("G", "field.g", true, Check.TEXT),
            new Field("SERIALNUMBER", "field.serialNumber", false, Check.PRINTABLE),
            new Field("C", "field.c", true, Check.COUNTRY),
            new Field("L", "field.l", false, Check.TEXT),
            new Field("ST", "field.st", false, Check.TEXT),
            new Field("STREET", "field.street", false, Check.TEXT),
            new Field("O", "field.o", false, Check.TEXT),
            new Field("OU", "field.ou", false, Check.TEXT),
            new Field("T", "field.t", false, Check.TEXT));

    private static final List<Field> RUSSIA = List.of(
            new Field("SN", "field.sn", true, Check.TEXT),
            new Field("G", "field.g", true, Check.TEXT),
            new Field("CN", "field.cn", true, Check.TEXT),
            new Field("T", "field.t", false, Check.TEXT),
            new Field("O", "field.o", false, Check.TEXT),
            new Field("OU", "field.ou", false, Check.TEXT),
            new Field("L", "field.l", false, Check.TEXT),
            new Field("ST", "field.st", false, Check.TEXT),
            new Field("STREET", "field.street", false, Check.TEXT),
            new Field("C", "field.c", true, Check.COUNTRY),
            new Field("E", "field.e", false, Check.EMAIL),
            new Field("INN", "field.inn", false, Check.INN),
            new Field("INNLE", "field.innle", false, Check.INNLE),
            new Field("OGRN", "field.ogrn", false, Check.OGRN),
            new Field("SNILS", "field.snils", false, Check.SNILS),
            new Field("OGRNIP", "field.ogrnip", false, Check.OGRNIP));

    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]+");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private final TokenRegistry registry;
    private final Predicate<String> allowedKey;
    private final String startTokenId;
    private final X509Certificate renewFrom;

    /**
     * @param registry     the tokens present
     * @param allowedKey   whether the administrator allows a key (by protocol name)
     * @param startTokenId the token chosen in the Certificates window, or null
     * @param renewFrom    the certificate to renew (its subject is copied), or null for a new request
     */
    public RequestViewModel(TokenRegistry registry, Predicate<String> allowedKey, String startTokenId,
            X509Certificate renewFrom) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.allowedKey = allowedKey == null ? k -> true : allowedKey;
        this.startTokenId = startTokenId;
        this.renewFrom = renewFrom;
    }

    public TokenRegistry registry() {
        return registry;
    }

    public X509Certificate renewFrom() {
        return renewFrom;
    }

    public boolean renewal() {
        return renewFrom != null;
    }

    /** The certificate with this certId on a token present now, for a renewal an expiry reminder starts. */
    public static Optional<TokenCertificate> findCertificate(TokenRegistry registry, String certId) {
        for (Token t : registry.tokens()) {
            try {
                for (TokenCertificate c : t.certificates()) {
                    if (c.certId().equals(certId)) {
                        return Optional.of(c);
                    }
                }
            } catch (PechatkaException e) {
                // a token that cannot be read now does not hold it as far as we can tell
            }
        }
        return Optional.empty();
    }

    // ---- where the key goes ----------------------------------------------------------------------

    /** The PKCS#11 tokens present (reads the tokens: call off the JavaFX thread), then a new key file. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (Token t : registry.tokens()) {
            try {
                TokenInfo info = t.info();
                if (info.kind() == TokenKind.PKCS11 && info.present()) {
                    out.add(new Target(t.id(), info.label()));
                }
            } catch (PechatkaException e) {
                // not readable now: not offered
            }
        }
        out.add(new Target(null, ""));
        return out;
    }

    /** Whether the window was started on a key file: then the new key goes into a new file. */
    public boolean startedOnKeyFile() {
        if (startTokenId == null) {
            return false;
        }
        return registry.token(startTokenId).map(t -> {
            try {
                return t.info().kind() != TokenKind.PKCS11;
            } catch (PechatkaException e) {
                return false;
            }
        }).orElse(false);
    }

    /** The target chosen at the start: the token the window was started on, else the first token, else a new key file. */
    public Target defaultTarget(List<Target> targets) {
        if (startTokenId != null) {
            for (Target t : targets) {
                if (startTokenId.equals(t.tokenId())) {
                    return t;
                }
            }
            if (startedOnKeyFile()) {
                return targets.getLast();
            }
        }
        return targets.getFirst();
    }

    // ---- keys --------------------------------------------------------------------------------------

    /**
     * The keys this target can make, each marked allowed or not by the administrator: on a token
     * the ones it can generate and sign with (its mechanism list), in a new key file the ones a key
     * file can hold. bign and GOST appear only where they can be made; an EC or RSA key the token
     * cannot make is left out too.
     */
    public List<KeyChoice> keyChoices(Target target) {
        Token token = target.newKeyFile() ? null : registry.token(target.tokenId()).orElse(null);
        List<KeyChoice> out = new ArrayList<>();
        for (String name : KEY_NAMES) {
            KeyInfo key = KeyInfo.byProtocolName(name).orElseThrow();
            boolean possible;
            try {
                if (target.newKeyFile()) {
                    CsrService.checkCanCreateInMemory(key);
                } else if (token == null) {
                    continue;
                } else {
                    CsrService.checkCanCreate(token, TokenKind.PKCS11, key);
                }
                possible = true;
            } catch (PechatkaException e) {
                possible = false;
            }
            if (possible) {
                out.add(new KeyChoice(name, key, allowedKey.test(name)));
            }
        }
        return out;
    }

    /**
     * The key chosen at the start: for a renewal the renewed certificate's kind of key when it can
     * be made and is allowed, else EC P-256, else the first allowed.
     */
    public Optional<KeyChoice> defaultKey(List<KeyChoice> choices) {
        String wanted = DEFAULT_KEY;
        if (renewFrom != null) {
            try {
                String renewed = KeyInfo.of(SubjectPublicKeyInfo.getInstance(renewFrom.getPublicKey().getEncoded()))
                        .protocolName();
                if (renewed != null) {
                    wanted = renewed;
                }
            } catch (IOException e) {
                // a key Pechatka does not know: the usual default
            }
        }
        for (String name : List.of(wanted, DEFAULT_KEY)) {
            for (KeyChoice c : choices) {
                if (c.protocolName().equals(name) && c.allowed()) {
                    return Optional.of(c);
                }
            }
        }
        return choices.stream().filter(KeyChoice::allowed).findFirst();
    }

    // ---- subject -----------------------------------------------------------------------------------

    /** The profile chosen at the start: Belarus in Belarusian, Russia in Russian, Belarus otherwise. */
    public static Profile defaultProfile(Language language) {
        return language == Language.RU ? Profile.RUSSIA : Profile.BELARUS;
    }

    /** The profile's fields in its prescribed order. */
    public static List<Field> fields(Profile profile) {
        return profile == Profile.BELARUS ? BELARUS : RUSSIA;
    }

    /** The country a profile's form starts with. */
    public static String defaultCountry(Profile profile) {
        return profile == Profile.BELARUS ? "BY" : "RU";
    }

    /** The problems of the typed values, by attribute type; empty when the subject can be requested. */
    public static Map<String, Problem> check(Profile profile, Map<String, String> values) {
        Map<String, Problem> out = new LinkedHashMap<>();
        for (Field f : fields(profile)) {
            String v = values.getOrDefault(f.type(), "").strip();
            Problem p = check(f, v);
            if (p != null) {
                out.put(f.type(), p);
            }
        }
        return out;
    }

    static Problem check(Field f, String v) {
        if (v.isEmpty()) {
            return f.required() ? new Problem("check.required", 0) : null;
        }
        if (v.length() > MAX_VALUE) {
            return new Problem("check.tooLong", MAX_VALUE);
        }
        return switch (f.check()) {
            case TEXT -> v.chars().anyMatch(Character::isISOControl) ? new Problem("check.control", 0) : null;
            case COUNTRY -> v.matches("[A-Z]{2}") ? null : new Problem("check.country", 0);
            case PRINTABLE -> PRINTABLE.matcher(v).matches() ? null : new Problem("check.printable", 0);
            case EMAIL -> EMAIL.matcher(v).matches() ? null : new Problem("check.email", 0);
            case INN -> digits(v, 12);
            case INNLE -> digits(v, 10);
            case OGRN -> digits(v, 13);
            case SNILS -> digits(v, 11);
            case OGRNIP -> digits(v, 15);
        };
    }

    private static Problem digits(String v, int n) {
        return v.length() == n && v.chars().allMatch(c -> c >= '0' && c <= '9') ? null : new Problem("check.digits", n);
    }

    /**
     * The subject of the typed values (checked first), empty fields left out, in the profile's
     * order (the Belarus profile sorted as STB 34.101.78 fixes it).
     */
    public static X500Name subject(Profile profile, Map<String, String> values) {
        List<SubjectSpec.Attribute> attributes = new ArrayList<>();
        for (Field f : fields(profile)) {
            String v = values.getOrDefault(f.type(), "").strip();
            if (!v.isEmpty()) {
                attributes.add(new SubjectSpec.Attribute(f.type(), v));
            }
        }
        X500Name name = SubjectSpec.of(attributes);
        return profile == Profile.BELARUS ? CertificateRequests.belarusOrder(name) : name;
    }

    /** The renewed certificate's subject, byte for byte. */
    public X500Name renewedSubject() {
        return SubjectSpec.copiedFrom(renewFrom);
    }

    /** A text key for a bad key label, or null. */
    public static String labelProblem(String label) {
        if (label.length() > MAX_LABEL) {
            return "check.labelTooLong";
        }
        return label.chars().anyMatch(Character::isISOControl) ? "check.control" : null;
    }

    /**
     * The Belarus challengePassword ({@code /EPWD:<hex of the password's UTF-8>/INFO:<text>}), or
     * null when no password was typed.
     *
     * @throws IllegalArgumentException the text holds "/"
     */
    public static String challenge(String password, String info) {
        if (password == null || password.isEmpty()) {
            return null;
        }
        return CertificateRequests.belarusChallenge(password.getBytes(StandardCharsets.UTF_8), info == null ? "" : info.strip());
    }

    /** How strong a new key file password looks: 0 too short (refused), 1 weak, 2 fair, 3 strong. */
    public static int passwordStrength(CharSequence password) {
        int n = password.length();
        if (n < 8) {
            return 0;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < n; i++) {
            char c = password.charAt(i);
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
            digit |= Character.isDigit(c);
            other |= !Character.isLetterOrDigit(c);
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (n >= 14 || (n >= 10 && classes >= 3)) {
            return 3;
        }
        return classes >= 2 ? 2 : 1;
    }

    /** The suggested file name: the surname (or "request") and today's date, {@code .req}. */
    public static String suggestedName(X500Name subject, LocalDate today) {
        String surname = SubjectSpec.lines(subject).stream().filter(a -> a.type().equals("SN")).map(SubjectSpec.Attribute::value)
                .findFirst().orElse("");
        int slash = surname.indexOf('/');
        if (slash > 0) {
            surname = surname.substring(0, slash);
        }
        String safe = surname.strip().replaceAll("[^\\p{L}\\p{N}_-]+", "-").replaceAll("^-+|-+$", "");
        if (safe.isEmpty()) {
            safe = "request";
        }
        return safe.toLowerCase(Locale.ROOT) + "-" + today + ".req";
    }

    // ---- making and saving -------------------------------------------------------------------------

    /**
     * Makes the key on the token (asking {@code pins} for its PIN) and signs the request there.
     * Reads and writes the token: call off the JavaFX thread.
     */
    public Made createOnToken(Target target, KeyChoice key, X500Name subject, String challenge, String label,
            PinSource pins) throws PechatkaException {
        Token token = registry.require(target.tokenId());
        CsrService.checkCanCreate(token, token.info().kind(), key.key());
        checkAllowed(key);
        CsrService.Created created;
        try (TokenSession session = token.open(pins, TokenSession.Access.READ_WRITE)) {
            created = CsrService.create(session, new CsrService.Spec(key.key(), subject, challenge, label));
        }
        return new Made(created.request(), created.key().keyIdHex(), created.key().publicKey(), null, null);
    }

    /**
     * Makes the key in memory, signs the request and writes the key, encrypted with
     * {@code password}, to the NEW file {@code keyFile} (never over an existing file). Call off the
     * JavaFX thread; the caller wipes the password.
     */
    public Made createInKeyFile(KeyChoice key, X500Name subject, String challenge, String label, char[] password,
            Path keyFile) throws PechatkaException, IOException {
        checkAllowed(key);
        CsrService.KeyFileCreated created = CsrService.createInMemory(
                new CsrService.Spec(key.key(), subject, challenge, label), password);
        AtomicFiles.writeNew(keyFile, created.keyFile(), true);
        return new Made(created.request(), java.util.HexFormat.of().formatHex(created.keyId()), created.publicKey(),
                keyFile, created.keyFile());
    }

    private static void checkAllowed(KeyChoice key) throws PechatkaException {
        if (!key.allowed()) {
            throw new PechatkaException.OperationNotAllowed("the administrator does not allow " + key.protocolName() + " keys");
        }
    }

    /** The request in a file's format. */
    public static byte[] encode(PKCS10CertificationRequest request, Format format) {
        if (format == Format.DER) {
            try {
                return request.getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return new CsrService.Created(new org.pechatka.token.KeyRef(new byte[0], request.getSubjectPublicKeyInfo()), request)
                .pem().getBytes(StandardCharsets.US_ASCII);
    }

    /** The format a file's name asks for: DER for .der, PEM otherwise ({@code .req}, {@code .pem}, {@code .csr}). */
    public static Format formatOf(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".der") ? Format.DER : Format.PEM;
    }

    /**
     * Writes the request atomically: a new file, or over an existing one only when the person
     * confirmed that in the save dialog.
     */
    public static void save(Path file, byte[] content, boolean overwriteConfirmed) throws IOException {
        if (overwriteConfirmed) {
            AtomicFiles.replace(file, content, false);
        } else {
            AtomicFiles.writeNew(file, content, false);
        }
    }
}
