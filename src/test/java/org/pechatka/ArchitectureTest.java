package org.pechatka;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of Pechatka's product code (tests are not imported). */
class ArchitectureTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProductClasses() {
        product = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("org.pechatka");
    }

    @Test
    void whenProductClassesImported_thenEveryLayerIsThereAndNoTestClass() {
        assertThat(product.stream().map(c -> c.getPackageName()).distinct())
                .contains("org.pechatka.app", "org.pechatka.cert", "org.pechatka.crypto", "org.pechatka.error",
                        "org.pechatka.platform", "org.pechatka.token", "org.pechatka.token.pkcs11",
                        "org.pechatka.token.file", "org.pechatka.demo");
        assertThat(product.stream().map(c -> c.getName()))
                .doesNotContain(ArchitectureTest.class.getName(), "org.pechatka.testing.SoftHsm")
                .noneMatch(n -> n.endsWith("Test"));
    }

    @Test
    void whenOutsideTheTokenAdapter_thenNoDependencyOnThePkcs11Wrapper() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.pechatka.token.pkcs11..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xipki..", "iaik..")
                .because("the PKCS#11 wrapper stays behind the token port, so replacing it costs one adapter package");
        rule.check(product);
    }

    @Test
    void whenErrorPackage_thenItDependsOnNoOtherPechatkaPackage() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.error..")
                .should().dependOnClassesThat(resideInAPackage("org.pechatka..")
                        .and(not(resideInAPackage("org.pechatka.error.."))))
                .because("the error type is the bottom layer every other package may use");
        rule.check(product);
    }

    @Test
    void whenCryptoPackage_thenItDependsOnlyOnTheErrorPackageWithinPechatka() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.crypto..")
                .should().dependOnClassesThat(resideInAPackage("org.pechatka..")
                        .and(not(resideInAnyPackage("org.pechatka.crypto..", "org.pechatka.error.."))))
                .because("the algorithm registry is shared by tokens, certificates and the protocol and must not"
                        + " pull any of them in");
        rule.check(product);
    }

    @Test
    void whenTokenPort_thenItDependsOnNoAdapterNorTheApplication() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.token")
                .should().dependOnClassesThat().resideInAnyPackage("org.pechatka.token.pkcs11..",
                        "org.pechatka.token.file..", "org.pechatka.app..", "org.pechatka.demo..")
                .because("the token port is implemented by the adapters, never the other way round");
        rule.check(product);
    }

    @Test
    void whenFilesPackage_thenNoDependencyOnTheProtocolServerUiOrApplication() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.files..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pechatka.protocol..", "org.pechatka.server..",
                        "org.pechatka.ui..", "org.pechatka.app..", "org.pechatka.desktop..")
                .because("file signing is a plain service the command line and the Certificates window both call");
        rule.check(product);
    }

    @Test
    void whenLifecyclePackage_thenNoDependencyOnTheProtocolServerUiOrApplication() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pechatka.protocol..", "org.pechatka.server..",
                        "org.pechatka.ui..", "org.pechatka.app..", "org.pechatka.desktop..")
                .because("requests and imports are one service that csr.create/cert.import and the Certificates"
                        + " window's tools both call");
        rule.check(product);
    }

    @Test
    void whenCertPackage_thenNoDependencyOnTokensOrTheApplication() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.cert..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pechatka.token..", "org.pechatka.app..")
                .because("certificates are presented and issued the same way whatever holds the key");
        rule.check(product);
    }

    @Test
    void whenOutsideTheApplication_thenNothingDependsOnIt() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.pechatka.app..")
                .should().dependOnClassesThat().resideInAPackage("org.pechatka.app..")
                .because("app is the composition root: it uses every layer and no layer uses it");
        rule.check(product);
    }

    /**
     * The one class allowed to delete token objects: the Certificates window's delete, each object
     * matched by class and CKA_ID and checked again (DER, public key) first. Only the window's
     * TokenSession.deleteCertificate / deleteKey reach it; the protocol methods never do.
     */
    private static final String HOUSEKEEPING = "org.pechatka.token.pkcs11.P11Housekeeping";

    @Test
    void whenDeletingTokenObjects_thenOnlyTheCertificatesWindowReachesIt() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("org.pechatka.token..", "org.pechatka.ui.certificates..")
                .should().callMethodWhere(target(owner(assignableTo("org.pechatka.token.TokenSession")))
                        .and(target(nameMatching("deleteCertificate|deleteKey"))))
                .because("deleting is the person's own choice in the Certificates window, never a site's");
        rule.check(product);
    }

    @Test
    void whenProductCode_thenItNeverDeletesCopiesOrOverwritesTokenObjectsThroughTheSession() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName(HOUSEKEEPING).should().callMethodWhere(
                        target(owner(assignableTo("org.xipki.pkcs11.wrapper.Session")))
                                .and(target(nameMatching("destroyObject|setAttributeValues|copyObject"))))
                .because("Pechatka never deletes or overwrites an object on a token (PROTOCOL.md: csr.create and"
                        + " cert.import never overwrite or delete an existing key or certificate); only the"
                        + " Certificates window deletes, on the person's confirmation, through P11Housekeeping");
        rule.check(product);
    }

    @Test
    void whenProductCode_thenItNeverDeletesCopiesOrOverwritesTokenObjectsThroughOtherWrapperLayers() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName(HOUSEKEEPING).should().callMethodWhere(
                        target(owner(resideInAnyPackage("org.xipki.pkcs11..", "iaik.pkcs.pkcs11..")))
                                .and(target(nameMatching("destroyObjects?|setAttributeValues|copyObject"
                                        + "|C_DestroyObject|C_SetAttributeValue|C_CopyObject"))))
                .because("the same guarantee must hold through PKCS11Token and the low-level iaik wrapper");
        rule.check(product);
    }

    @Test
    void whenProductCode_thenNoJcaProviderIsRegisteredGlobally() {
        ArchRule rule = noClasses().should().callMethodWhere(
                        target(owner(type(java.security.Security.class)))
                                .and(target(nameMatching("addProvider|insertProviderAt"))))
                .because("Bouncy Castle is passed explicitly (Bc.PROVIDER) so Pechatka never changes what other"
                        + " code in the process gets from the JCA");
        rule.check(product);
    }

    @Test
    void whenOutsideThePlatformPackage_thenNoForeignFunctionApi() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.pechatka.platform..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .because("native calls are restricted and belong in one audited place");
        rule.check(product);
    }

    @Test
    void whenOutsideTheUi_thenNoJavaFx() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("org.pechatka.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("dialogs are one adapter of the Prompter port; the protocol and tokens run without a display");
        rule.check(product);
    }

    @Test
    void whenOutsideTheServerAndTheDemoPortal_thenNoJetty() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("org.pechatka.server..",
                        "org.pechatka.demoportal..", "org.pechatka.app..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .because("the protocol is transport-free (text in, text out); Jetty is the server adapter");
        rule.check(product);
    }

    @Test
    void whenSigningPackage_thenItDependsOnlyOnTokensCertificatesCryptoAndErrors() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.sign..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pechatka.protocol..", "org.pechatka.server..",
                        "org.pechatka.ui..", "org.pechatka.prompt..", "org.pechatka.config..", "org.pechatka.app..",
                        "org.pechatka.token.pkcs11..", "org.pechatka.token.file..")
                .because("building CMS and authentication tokens needs a TokenSession, not a transport, a dialog"
                        + " or a particular token adapter");
        rule.check(product);
    }

    @Test
    void whenProtocolPackage_thenNoTokenAdapterNorDialogImplementation() {
        ArchRule rule = noClasses().that().resideInAPackage("org.pechatka.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pechatka.token.pkcs11..",
                        "org.pechatka.token.file..", "org.pechatka.ui..", "org.pechatka.server..")
                .because("the protocol talks to the token and prompt ports only");
        rule.check(product);
    }
}
