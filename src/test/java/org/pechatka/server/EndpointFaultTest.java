package org.pechatka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pechatka.testing.RpcAssert.error;
import static org.pechatka.testing.RpcAssert.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.NativeEnvironment;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.Prompter;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.pkcs11.Pkcs11Provider;
import org.pechatka.testing.DelegatingPrompter;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.P11Shim;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;

/**
 * The error codes of PROTOCOL.md section 2.2 that need a misbehaving token, a slow person or a
 * broken part, each with its exact {@code code} and {@code data}, over the real endpoint whose token
 * is the fault-injection PKCS#11 module forwarding to SoftHSM2 (security catalogue threats 7, 15,
 * 16, 17). Also the {@code tokens.changed} notification.
 */
class EndpointFaultTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final String OTHER = "https://other.test";
    private static final long COUNT_LOW = 0x10000;
    private static final long FINAL_TRY = 0x20000;
    private static final long LOCKED = 0x40000;
    private static final long PIN_PAD = 0x100;
    private static final String DOC = Base64.getEncoder().encodeToString(
            "Заява аб выдачы даведкі".getBytes(StandardCharsets.UTF_8));

    private static P11Shim shim;
    private static Pkcs11Provider provider;
    private static Endpoint endpoint;
    private static volatile Prompter current;
    private ScriptedPrompter person;
    private final List<Endpoint> extra = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        shim = new P11Shim(HSM.hsm().dir().resolve("shim"));
        shim.clearControl();
        NativeEnvironment.set(P11Shim.ENV_TARGET, SoftHsm.library().toString());
        NativeEnvironment.set(P11Shim.ENV_DIR, shim.dir().toString());
        HSM.hsm().activateInProcess();
        provider = Pkcs11Provider.load(P11Shim.library().toString(), Pkcs11Provider.Options.DEFAULT);
        assertThat(provider.status().loaded()).as(provider.status().description()).isTrue();
        endpoint = Endpoint.start(dataDir(), List.of(provider), new DelegatingPrompter(() -> current),
                options(Duration.ofSeconds(120), Clock.systemUTC()));
    }

    private static Endpoint.Options options(Duration dialogTimeout, Clock clock) {
        return new Endpoint.Options(List.of(Endpoint.PORTAL, OTHER), 16 * 1024 * 1024, 32, 4, dialogTimeout, true,
                clock, List.of(HSM.ca().caCertificate()));
    }

    private static Path dataDir() throws Exception {
        return Files.createTempDirectory(HSM.hsm().dir(), "data");
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @BeforeEach
    void freshPerson() throws Exception {
        person = new ScriptedPrompter();
        current = person;
        shim.clearControl();
        awaitTokens(1);
    }

    @AfterEach
    void reinsert() throws Exception {
        extra.forEach(Endpoint::close);
        shim.clearControl();
        awaitTokens(1);
    }

    private static void awaitTokens(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (endpoint.registry().tokens().size() != n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(endpoint.registry().tokens()).hasSize(n);
    }

    private static String certId(String key) {
        return TokenCertificate.certId(HSM.key(key).certificate());
    }

    /** The person gives the portal the certificate of a fixture key (no PIN is needed for that). */
    private String grant(Endpoint.Client client, String key, Map<String, Object> filter) throws Exception {
        String id = certId(key);
        ScriptedPrompter chooser = new ScriptedPrompter().choosing(
                list -> list.stream().filter(c -> c.certId().equals(id)).findFirst().orElse(null));
        Prompter before = current;
        current = chooser;
        try {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("purpose", "sign");
            if (filter != null) {
                params.put("filter", filter);
            }
            assertThat(result(client.call("certificates.select", params)).get("certId").asText()).isEqualTo(id);
        } finally {
            current = before;
        }
        return id;
    }

    private static Map<String, Object> signCms(String certId) {
        return Map.of("certId", certId, "documentName", "zayava.txt", "data", DOC);
    }

    // ---- 1002 USER_TIMEOUT -----------------------------------------------------------------------

    /** A dialog nobody answers: waits the interaction's dialog timeout, then reports it. */
    private static final class NobodyThere extends BasePrompter {
        final CountDownLatch shown = new CountDownLatch(1);

        NobodyThere() {
            super(new ScriptedPrompter());
        }

        @Override
        public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction)
                throws PechatkaException {
            shown.countDown();
            return waitOut(interaction);
        }

        @Override
        public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
            shown.countDown();
            waitOut(interaction);
        }

        private static <T> T waitOut(Interaction interaction) throws PechatkaException {
            try {
                throw interaction.aborted().get(interaction.dialogTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new PechatkaException.UserTimeout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PechatkaException.UserCancelled();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void whenNobodyAnswersWithinTheDialogTimeout_thenUserTimeout() throws Exception {
        NobodyThere nobody = new NobodyThere();
        Endpoint quick = Endpoint.start(dataDir(), List.of(provider), nobody,
                options(Duration.ofSeconds(1), Clock.systemUTC()));
        extra.add(quick);
        try (Endpoint.Client c = quick.connect(Endpoint.PORTAL)) {
            long start = System.nanoTime();
            JsonNode e = error(c.call("certificates.select", Map.of("purpose", "auth")), 1002,
                    "{\"reason\":\"USER_TIMEOUT\"}");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(e.get("message").asText()).isEqualTo("The user did not answer in time");
            assertThat(nobody.shown.getCount()).isZero();
            assertThat(millis).isBetween(900L, 5_000L);
            // the gate is free again at once
            JsonNode again = error(c.call("certificates.select", Map.of("purpose", "sign")), 1002);
            assertThat(again.get("data").get("reason").asText()).isEqualTo("USER_TIMEOUT");
        }
    }

    // ---- 2001 PIN_INCORRECT ------------------------------------------------------------------------

    /** A person who types one wrong PIN and cannot try again: reports the failure the dialog shows. */
    private static final class OneTry extends BasePrompter {
        final List<PinRequest> requests = new ArrayList<>();

        OneTry(ScriptedPrompter person) {
            super(person);
        }

        @Override
        public PinSource pinSource(Interaction interaction) {
            return request -> {
                synchronized (requests) {
                    requests.add(request);
                }
                if (request.previousFailure() != null) {
                    throw request.previousFailure();
                }
                return new PinResponse.Pin("0000".toCharArray());
            };
        }
    }

    @Test
    void whenAWrongPinOnTheFinalTryAndThePersonCannotTryAgain_thenPinIncorrectWithFinalTryAndRetriesLeft()
            throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            OneTry oneTry = new OneTry(person);
            current = oneTry;
            shim.control("fail C_Login CKR_PIN_INCORRECT", "token-flags-set 0x" + Long.toHexString(FINAL_TRY));
            P11Shim.Stats before = shim.snapshot();
            JsonNode e = error(c.call("sign.cms", signCms(id)), 2001,
                    "{\"reason\":\"PIN_INCORRECT\",\"retriesLeft\":1,\"finalTry\":true}");
            assertThat(e.get("message").asText()).doesNotContain("0000");
            assertThat(shim.stats().minus(before).get("C_Login")).as("exactly one C_Login per PIN typed").isEqualTo(1);
            assertThat(oneTry.requests).hasSize(2);
            assertThat(oneTry.requests.get(0).previousFailure()).isNull();
            assertThat(oneTry.requests.get(1).previousFailure().finalTry()).isTrue();
        }
    }

    @Test
    void whenAWrongPinWithCountLowAndThePersonCannotTryAgain_thenPinIncorrectWithoutRetriesLeft() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            current = new OneTry(person);
            shim.control("fail C_Login CKR_PIN_INCORRECT", "token-flags-set 0x" + Long.toHexString(COUNT_LOW));
            P11Shim.Stats before = shim.snapshot();
            error(c.call("sign.cms", signCms(id)), 2001, "{\"reason\":\"PIN_INCORRECT\",\"finalTry\":false}");
            assertThat(shim.stats().minus(before).get("C_Login")).isEqualTo(1);
        }
    }

    @Test
    void whenTheWrongPinIsEnteredOnAPinPad_thenPinIncorrectAtOnce() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            shim.control("fail C_Login CKR_PIN_INCORRECT",
                    "token-flags-set 0x" + Long.toHexString(PIN_PAD | FINAL_TRY));
            P11Shim.Stats before = shim.snapshot();
            error(c.call("sign.cms", signCms(id)), 2001,
                    "{\"reason\":\"PIN_INCORRECT\",\"retriesLeft\":1,\"finalTry\":true}");
            P11Shim.Stats delta = shim.stats().minus(before);
            assertThat(delta.get("C_Login")).isEqualTo(1);
            assertThat(delta.get("login_null_pin")).isEqualTo(1);
        }
        assertThat(person.shown("pin")).singleElement()
                .satisfies(s -> assertThat(((PinRequest) s.request()).pinPad()).isTrue());
    }

    @Test
    void whenTheFirstPinIsWrongAndTheSecondRight_thenTheDialogStaysOpenAndTheDocumentIsSigned() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            person.typing(false, "9999", SoftHsm.USER_PIN);
            P11Shim.Stats before = shim.snapshot();
            JsonNode r = result(c.call("sign.cms", signCms(id)));
            assertThat(r.get("signatureAlgorithm").asText()).isEqualTo("SHA256withECDSA");
            assertThat(Base64.getDecoder().decode(r.get("cms").asText())).isNotEmpty();
            assertThat(shim.stats().minus(before).get("C_Login")).isEqualTo(2);
        }
        List<ScriptedPrompter.Shown> pins = person.shown("pin");
        assertThat(pins).hasSize(2);
        assertThat(((PinRequest) pins.get(0).request()).previousFailure()).isNull();
        PechatkaException.PinIncorrect failure = ((PinRequest) pins.get(1).request()).previousFailure();
        assertThat(failure).isNotNull();
        assertThat(failure.reason().code()).isEqualTo(2001);
        assertThat(person.shown("confirm")).hasSize(1);
    }

    // ---- 2002 PIN_LOCKED ---------------------------------------------------------------------------

    @Test
    void whenThePinIsLocked_thenPinLockedAndNeverAnyLogin() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            shim.control("token-flags-set 0x" + Long.toHexString(LOCKED));
            P11Shim.Stats before = shim.snapshot();
            for (int i = 0; i < 3; i++) {
                error(c.call("sign.cms", signCms(id)), 2002, "{\"reason\":\"PIN_LOCKED\"}");
            }
            assertThat(shim.stats().minus(before).get("C_Login")).isZero();
            JsonNode token = result(c.call("tokens.list", null)).get("tokens").get(0);
            assertThat(token.get("pin").get("locked").asBoolean()).isTrue();
        }
        assertThat(person.shown("pin")).isEmpty();
    }

    // ---- 3001 TOKEN_NOT_PRESENT, 3002 TOKEN_REMOVED ----------------------------------------------

    @Test
    void whenTheGrantedCertificatesTokenIsAbsent_thenTokenNotPresentWithoutADialog() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            shim.control("removed");
            error(c.call("sign.cms", signCms(id)), 3001, "{\"reason\":\"TOKEN_NOT_PRESENT\"}");
            assertThat(result(c.call("tokens.list", null)).get("tokens")).isEmpty();
        }
        assertThat(person.shown("confirm")).isEmpty();
    }

    /** Holds the confirmation open until the interaction is aborted, and remembers why. */
    private static final class HoldingConfirm extends BasePrompter {
        final CountDownLatch shown = new CountDownLatch(1);
        final CompletableFuture<PechatkaException> abortedWith = new CompletableFuture<>();

        HoldingConfirm(ScriptedPrompter person) {
            super(person);
        }

        @Override
        public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
            shown.countDown();
            PechatkaException reason;
            try {
                reason = interaction.aborted().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new PechatkaException.UserTimeout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PechatkaException.UserCancelled();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            abortedWith.complete(reason);
            throw reason;
        }
    }

    @Test
    void whenTheTokenIsRemovedWhileTheConfirmationWaits_thenTheDialogIsAbortedAndTokenRemoved() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            HoldingConfirm holding = new HoldingConfirm(person);
            current = holding;
            P11Shim.Stats before = shim.snapshot();
            CompletableFuture<JsonNode> pending = c.callAsync("sign.cms", signCms(id));
            assertThat(holding.shown.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            shim.control("removed");
            JsonNode response = pending.get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            error(response, 3002, "{\"reason\":\"TOKEN_REMOVED\"}");
            assertThat(millis).as("the provider polls every second").isLessThan(4_000);
            assertThat(holding.abortedWith).isCompletedWithValueMatching(
                    e -> e instanceof PechatkaException.TokenRemoved);
            assertThat(shim.stats().minus(before).get("C_Login")).isZero();
        }
        assertThat(person.shown("pin")).isEmpty();
    }

    @Test
    void whenTheTokenIsPulledOutDuringSigning_thenTokenRemovedAndNoStaleSessionIsUsedLater() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            shim.control("remove-on C_Sign");
            error(c.call("sign.cms", signCms(id)), 3002, "{\"reason\":\"TOKEN_REMOVED\"}");
            shim.clearControl(); // reinserted
            awaitTokens(1);
            result(c.call("sign.cms", signCms(id)));
        }
        assertThat(shim.stats().get("stale_handle_uses_after_reinsert")).isZero();
    }

    // ---- 3004 TOKEN_ERROR ------------------------------------------------------------------------------

    @Test
    void whenTheTokenFailsToSign_thenTokenErrorNamingTheCode() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            shim.control("fail C_Sign CKR_DEVICE_ERROR");
            P11Shim.Stats before = shim.snapshot();
            error(c.call("sign.cms", signCms(id)), 3004, "{\"reason\":\"TOKEN_ERROR\",\"ckr\":\"CKR_DEVICE_ERROR\"}");
            assertThat(shim.stats().minus(before).get("injected_failures")).isEqualTo(1);
            // the server and the token work on
            shim.clearControl();
            result(c.call("sign.cms", signCms(id)));
        }
    }

    // ---- 4002 CERTIFICATE_UNUSABLE -------------------------------------------------------------------

    @Test
    void whenTheGrantedCertificateHasExpired_thenCertificateUnusableWithoutADialog() throws Exception {
        Endpoint later = Endpoint.start(dataDir(), List.of(provider), new DelegatingPrompter(() -> current),
                options(Duration.ofSeconds(120), Clock.offset(Clock.systemUTC(), Duration.ofDays(3 * 365))));
        extra.add(later);
        try (Endpoint.Client c = later.connect(Endpoint.PORTAL)) {
            // an expired certificate can still be picked when the page asks for invalid ones too
            String id = grant(c, "ec", Map.of("validOnly", false));
            JsonNode e = error(c.call("sign.cms", signCms(id)), 4002, "{\"reason\":\"CERTIFICATE_UNUSABLE\"}");
            assertThat(e.get("message").asText()).isEqualTo("The certificate is outside its validity period");
        }
        assertThat(person.shown("confirm")).isEmpty();
        assertThat(person.shown("pin")).isEmpty();
    }

    // ---- 4003 ALGORITHM_UNSUPPORTED ----------------------------------------------------------------

    @Test
    void whenTheTokenRefusesTheMechanism_thenAlgorithmUnsupported() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String id = grant(c, "ec", null);
            shim.control("fail C_SignInit CKR_MECHANISM_INVALID");
            error(c.call("sign.cms", signCms(id)), 4003, "{\"reason\":\"ALGORITHM_UNSUPPORTED\"}");
        }
    }

    @Test
    void whenTheHashAlgorithmDoesNotFitTheKey_thenAlgorithmUnsupportedBeforeAnyDialog() throws Exception {
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            String ed = grant(c, "ed", null);
            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest("x".getBytes(StandardCharsets.UTF_8)));
            error(c.call("sign.cms", Map.of("certId", ed, "documentName", "x.txt", "hash", hash,
                    "hashAlgorithm", "SHA-256")), 4003, "{\"reason\":\"ALGORITHM_UNSUPPORTED\"}");
            String ec = grant(c, "ec", null);
            error(c.call("sign.cms", Map.of("certId", ec, "documentName", "x.txt", "hash", hash,
                    "hashAlgorithm", "STREEBOG-256")), 4003, "{\"reason\":\"ALGORITHM_UNSUPPORTED\"}");
        }
        assertThat(person.shown("confirm")).isEmpty();
    }

    // ---- -32603 INTERNAL -----------------------------------------------------------------------------

    @Test
    void whenAPartFailsWithABug_thenInternalErrorSaysNothingMore() throws Exception {
        current = new BasePrompter(person) {
            @Override
            public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction) {
                throw new IllegalStateException("boom in /home/someone/.local/share/pechatka/grants.json");
            }
        };
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            JsonNode response = c.call("certificates.select", Map.of("purpose", "auth"));
            JsonNode e = error(response, -32603, "{\"reason\":\"INTERNAL\"}");
            assertThat(e.get("message").asText()).isEqualTo("Internal error");
            assertThat(response.toString()).doesNotContain("IllegalStateException", "boom", "/home", "grants.json",
                    "java.", "org.pechatka");
            // the bug did not leave the gate closed
            current = person;
            assertThat(result(c.call("certificates.select", Map.of("purpose", "sign"))).get("certId").asText())
                    .hasSize(64);
        }
    }

    @Test
    void whenAPartFailsWithAnError_thenStillOneInternalErrorAndTheGateIsFree() throws Exception {
        current = new BasePrompter(person) {
            @Override
            public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction) {
                throw new NoClassDefFoundError("org/example/dialogs/Missing");
            }
        };
        try (Endpoint.Client c = endpoint.connect(Endpoint.PORTAL)) {
            JsonNode response = c.callAsync("certificates.select", Map.of("purpose", "auth")).get(10, TimeUnit.SECONDS);
            JsonNode e = error(response, -32603, "{\"reason\":\"INTERNAL\"}");
            assertThat(e.get("message").asText()).isEqualTo("Internal error");
            assertThat(response.toString()).doesNotContain("NoClassDefFoundError", "org/example", "Missing");
            current = person;
            assertThat(result(c.call("certificates.select", Map.of("purpose", "sign"))).get("certId").asText())
                    .hasSize(64);
        }
    }

    // ---- tokens.changed ------------------------------------------------------------------------------

    @Test
    void whenTheTokenIsRemovedAndReinserted_thenEachPageIsToldWithItsOwnTokenIds() throws Exception {
        try (Endpoint.Client portal = endpoint.connect(Endpoint.PORTAL);
                Endpoint.Client other = endpoint.connect(OTHER)) {
            String portalId = result(portal.call("tokens.list", null)).get("tokens").get(0).get("tokenId").asText();
            String otherId = result(other.call("tokens.list", null)).get("tokens").get(0).get("tokenId").asText();
            assertThat(portalId).isNotEqualTo(otherId);

            shim.control("removed");
            for (Endpoint.Client c : List.of(portal, other)) {
                JsonNode n = awaitNotification(c, 0);
                assertThat(n.get("jsonrpc").asText()).isEqualTo("2.0");
                assertThat(n.has("id")).isFalse();
            }
            shim.clearControl();
            JsonNode back = awaitNotification(portal, 1).get("params").get("tokens").get(0);
            assertThat(back.get("tokenId").asText()).isEqualTo(portalId);
            assertThat(back.get("present").asBoolean()).isTrue();
            assertThat(back.get("label").asText()).isEqualTo("Pechatka Test");
            assertThat(back.has("serialNumber")).isFalse();
            JsonNode otherBack = awaitNotification(other, 1).get("params").get("tokens").get(0);
            assertThat(otherBack.get("tokenId").asText()).isEqualTo(otherId);
        }
    }

    /** The next {@code tokens.changed} listing {@code count} tokens (others are skipped). */
    private static JsonNode awaitNotification(Endpoint.Client c, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode n = c.nextNotification(1);
            if (n != null) {
                assertThat(n.get("method").asText()).isEqualTo("tokens.changed");
                if (n.get("params").get("tokens").size() == count) {
                    return n;
                }
            }
        }
        throw new AssertionError("no tokens.changed with " + count + " token(s) within 5 s");
    }

    /** Hands every dialog to a scripted person; tests override the one they need. */
    private static class BasePrompter implements Prompter {
        private final ScriptedPrompter person;

        BasePrompter(ScriptedPrompter person) {
            this.person = person;
        }

        @Override
        public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction)
                throws PechatkaException {
            return person.chooseCertificate(request, interaction);
        }

        @Override
        public void approveAttributes(ConsentRequest request, Interaction interaction) throws PechatkaException {
            person.approveAttributes(request, interaction);
        }

        @Override
        public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
            person.confirmSigning(request, interaction);
        }

        @Override
        public void confirmCsr(org.pechatka.prompt.CsrRequest request, Interaction interaction)
                throws PechatkaException {
            person.confirmCsr(request, interaction);
        }

        @Override
        public void confirmImport(org.pechatka.prompt.ImportRequest request, Interaction interaction)
                throws PechatkaException {
            person.confirmImport(request, interaction);
        }

        @Override
        public PinSource pinSource(Interaction interaction) {
            return person.pinSource(interaction);
        }
    }
}
