package org.pechatka.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinSource;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;

/**
 * Shows every state of every request window in one language and saves each as a PNG (a snapshot of
 * the window's scene): {@code Screenshots <be|ru|en> <outdir>}. Needs a display (Xvfb will do):
 * <pre>xvfb-run -a -s "-screen 0 1280x1024x24" java -cp … org.pechatka.ui.Screenshots be docs/screenshots</pre>
 * Not a test: it is how the documentation's pictures are made and how people look at the windows.
 */
public final class Screenshots {

    private interface Call {
        void run(FxPrompter prompter, Interaction interaction) throws Exception;
    }

    private interface Prepare {
        void on(Stage stage) throws Exception;
    }

    private record Shot(String name, Call call, Prepare prepare) {}

    private Screenshots() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Screenshots <be|ru|en> <outdir>");
            System.exit(2);
        }
        Language language = Language.ofTag(args[0]).orElseThrow(() -> new IllegalArgumentException(
                "language must be be, ru or en"));
        Path out = Path.of(args[1]);
        Messages.use(language);
        FxPrompter prompter = new FxPrompter();
        DialogFixtures f = new DialogFixtures();
        List<Path> saved = new ArrayList<>();
        for (Shot shot : shots(f)) {
            Interaction ix = DialogFixtures.interaction();
            CompletableFuture<Object> call = DialogFixtures.inBackground(() -> {
                shot.call().run(prompter, ix);
                return null;
            });
            Stage stage = DialogFixtures.awaitWindow();
            shot.prepare().on(stage);
            Thread.sleep(250);
            Path file = out.resolve(shot.name() + "-" + language.tag() + ".png");
            Fx.savePng(stage.getScene(), file);
            saved.add(file);
            ix.abort(new PechatkaException.UserCancelled());
            ix.finish();
            try {
                call.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // cancelled on purpose
            }
            DialogFixtures.awaitClosed(stage);
        }
        saved.forEach(p -> System.out.println("saved " + p));
        Platform.exit();
        System.exit(0);
    }

    private static List<Shot> shots(DialogFixtures f) {
        Prepare nothing = s -> { };
        TokenInfo avpass = DialogFixtures.token("AvPass 0001", TokenKind.PKCS11, PinStatus.OK, false);
        List<Shot> shots = new ArrayList<>();
        shots.add(new Shot("picker-login-with-data", (p, ix) -> p.chooseCertificate(DialogFixtures.picker(
                PickerRequest.Purpose.AUTH, DialogFixtures.REASON, f.mixed(), PersonalAttribute.FULL_NAME,
                PersonalAttribute.PERSONAL_NUMBER, PersonalAttribute.UNP), ix), nothing));
        shots.add(new Shot("picker-details", (p, ix) -> p.chooseCertificate(DialogFixtures.picker(
                PickerRequest.Purpose.AUTH, null, f.mixed()), ix), s -> Fx.on(() -> {
                    ((Button) s.getScene().lookup("#details")).fire();
                    return null;
                })));
        shots.add(new Shot("picker-unusable-selected", (p, ix) -> p.chooseCertificate(DialogFixtures.picker(
                PickerRequest.Purpose.AUTH, null, f.mixed(), PersonalAttribute.FULL_NAME), ix),
                s -> Fx.on(() -> {
                    @SuppressWarnings("unchecked")
                    var table = (javafx.scene.control.TableView<Object>) s.getScene().lookup("#certificates");
                    table.getSelectionModel().select(2);
                    return null;
                })));
        shots.add(new Shot("picker-sign-key-file", (p, ix) -> p.chooseCertificate(DialogFixtures.picker(
                PickerRequest.Purpose.SIGN, null, List.of(DialogFixtures.choice(f.head, "ivanova.p12",
                        TokenKind.KEY_FILE, PinStatus.OK, null))), ix), nothing));
        shots.add(new Shot("picker-trust", (p, ix) -> p.chooseCertificate(DialogFixtures.picker(
                PickerRequest.Purpose.SIGN, null, f.withTrust()), ix), s -> Fx.on(() -> {
                    @SuppressWarnings("unchecked")
                    var table = (javafx.scene.control.TableView<Object>) s.getScene().lookup("#certificates");
                    table.getSelectionModel().select(1);
                    ((Button) s.getScene().lookup("#details")).fire();
                    return null;
                })));
        shots.add(new Shot("picker-empty", (p, ix) -> p.chooseCertificate(DialogFixtures.picker(
                PickerRequest.Purpose.AUTH, null, List.of()), ix), nothing));
        shots.add(new Shot("consent", (p, ix) -> p.approveAttributes(ConsentRequest.of(f.head, List.of(
                PersonalAttribute.FULL_NAME, PersonalAttribute.UNP, PersonalAttribute.POSITION,
                PersonalAttribute.PERSONAL_NUMBER)), ix), nothing));
        shots.add(new Shot("pin", pin(f, DialogFixtures.pin(avpass)), nothing));
        shots.add(new Shot("pin-final-try", pin(f, DialogFixtures.pin(DialogFixtures.token("AvPass 0001",
                TokenKind.PKCS11, new PinStatus(true, true, false, false), false))), nothing));
        shots.add(new Shot("pin-wrong", pin(f, DialogFixtures.pin(avpass).afterFailure(avpass,
                DialogFixtures.wrongPin(null, false))), nothing));
        shots.add(new Shot("pin-every-signature", pin(f, new PinRequest(avpass, PinRequest.Kind.CONTEXT_SPECIFIC,
                "Подпіс", false, null)), nothing));
        shots.add(new Shot("pin-key-file", pin(f, DialogFixtures.pin(DialogFixtures.token("ivanova.p12",
                TokenKind.KEY_FILE, PinStatus.OK, false))), nothing));
        shots.add(new Shot("pin-pad", (p, ix) -> {
            ix.useCertificate(f.citizen);
            p.pinSource(ix).requestPin(DialogFixtures.pin(DialogFixtures.token("AvPass 0001", TokenKind.PKCS11,
                    PinStatus.OK, true)));
            ix.aborted().get(60, TimeUnit.SECONDS);
        }, nothing));
        shots.add(new Shot("pin-locked", (p, ix) -> {
            ix.useCertificate(f.citizen);
            p.pinSource(ix).pinLocked(DialogFixtures.pin(DialogFixtures.token("AvPass 0001", TokenKind.PKCS11,
                    new PinStatus(true, false, true, false), false)));
        }, nothing));
        shots.add(new Shot("confirm", (p, ix) -> p.confirmSigning(f.single(true), ix), nothing));
        shots.add(new Shot("confirm-batch", (p, ix) -> p.confirmSigning(f.batch(), ix), nothing));
        shots.add(new Shot("confirm-raw-hash", (p, ix) -> p.confirmSigning(f.rawHash(), ix), nothing));
        shots.add(new Shot("csr-new", (p, ix) -> p.confirmCsr(f.newCsr(), ix), nothing));
        shots.add(new Shot("csr-renewal", (p, ix) -> p.confirmCsr(f.renewalCsr(), ix), nothing));
        shots.add(new Shot("cert-import", (p, ix) -> p.confirmImport(f.certImport(true), ix), nothing));
        return shots;
    }

    private static Call pin(DialogFixtures f, PinRequest request) {
        return (p, ix) -> {
            ix.useCertificate(f.citizen);
            PinSource source = p.pinSource(ix);
            source.requestPin(request);
        };
    }
}
