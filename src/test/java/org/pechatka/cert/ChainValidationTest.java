package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.ChainValidation.Status;
import org.pechatka.cert.ChainValidation.Use;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.TestSubjects;

/**
 * {@link TrustAnchors#validate}: every status on a small test PKI, path length, key usage, basic
 * constraints, CRLs stored and fetched from a local HTTP server, and bign/GOST chains.
 */
class ChainValidationTest {

    private static final Instant NOW = TestPki.NOW;

    private final TestPki.Ca root = TestPki.root("Root CA");
    private final TestPki.Ca sub = TestPki.intermediate(root, "Issuing CA");
    private final X509Certificate leaf = TestPki.leaf(sub, "Person");

    private TrustAnchors store(Revocation revocation) {
        return new TrustAnchors(List.of(root.certificate()), List.of(sub.certificate()), revocation);
    }

    @Test
    void whenTheChainReachesAStoredRootThroughAStoredIntermediate_thenValid() {
        ChainValidation v = store(Revocation.NONE).validate(leaf, List.of(), NOW, Use.SIGN);
        assertThat(v.status()).as(v.detail()).isEqualTo(Status.VALID);
        assertThat(v.path()).containsExactly(leaf, sub.certificate(), root.certificate());
        assertThat(store(Revocation.NONE).trusted(leaf, List.of(), NOW)).isTrue();
    }

    @Test
    void whenTheIntermediateComesFromTheTokenPool_thenValidToo() {
        TrustAnchors rootsOnly = new TrustAnchors(List.of(root.certificate()));
        assertThat(rootsOnly.validate(leaf, List.of(sub.certificate()), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
    }

    @Test
    void whenTheIntermediateIsMissing_thenBrokenChainNamingTheIssuer() {
        ChainValidation v = new TrustAnchors(List.of(root.certificate())).validate(leaf, List.of(), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.BROKEN_CHAIN);
        assertThat(v.detail()).contains("CN=Issuing CA").contains("missing intermediate");
    }

    @Test
    void whenAnIntermediateIsOnlyInTheIntermediateStore_thenItIsNoAnchor() {
        TrustAnchors intermediatesOnly = new TrustAnchors(List.of(), List.of(sub.certificate(), root.certificate()),
                Revocation.NONE);
        // root listed as an intermediate is still no anchor: the chain ends at a root nobody trusts
        ChainValidation v = intermediatesOnly.validate(leaf, List.of(), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.UNTRUSTED_ROOT);
        assertThat(v.subject()).isEqualTo(root.certificate());
    }

    @Test
    void whenTheRootIsAnotherOne_thenUntrustedRoot() {
        TestPki.Ca other = TestPki.root("Other Root");
        TrustAnchors trust = new TrustAnchors(List.of(other.certificate()), List.of(sub.certificate()),
                Revocation.NONE);
        // the token holds the root (as tokens often do), the store does not trust it
        ChainValidation v = trust.validate(leaf, List.of(root.certificate()), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.UNTRUSTED_ROOT);
        assertThat(trust.validate(leaf, List.of(), NOW, Use.ANY).status()).as("the root nowhere at hand")
                .isEqualTo(Status.BROKEN_CHAIN);
        assertThat(v.detail()).contains("CN=Root CA").contains("not in the trust store");
    }

    @Test
    void whenALookAlikeIssuerWithAnotherKeyIsStored_thenTheChainDoesNotBuild() {
        TestPki.Ca lookAlikeRoot = TestPki.root("Root CA");
        TestPki.Ca lookAlikeSub = TestPki.intermediate(lookAlikeRoot, "Issuing CA");
        ChainValidation v = new TrustAnchors(List.of(lookAlikeRoot.certificate()), List.of(lookAlikeSub.certificate()),
                Revocation.NONE).validate(leaf, List.of(), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.BROKEN_CHAIN);
    }

    @Test
    void whenTheLeafHasExpiredOrIsNotYetValid_thenThoseStatuses() {
        X509Certificate old = TestPki.leaf(sub, "Old", b -> b.withValidity(NOW.minus(Duration.ofDays(400)),
                NOW.minus(Duration.ofDays(35))));
        X509Certificate future = TestPki.leaf(sub, "Future", b -> b.withValidity(NOW.plus(Duration.ofDays(2)),
                NOW.plus(Duration.ofDays(300))));
        ChainValidation expired = store(Revocation.NONE).validate(old, List.of(), NOW, Use.ANY);
        assertThat(expired.status()).isEqualTo(Status.EXPIRED);
        assertThat(expired.subject()).isEqualTo(old);
        assertThat(store(Revocation.NONE).validate(future, List.of(), NOW, Use.ANY).status())
                .isEqualTo(Status.NOT_YET_VALID);
        // the same certificate at another time
        assertThat(store(Revocation.NONE).validate(leaf, List.of(), NOW.plus(Duration.ofDays(400)), Use.ANY).status())
                .isEqualTo(Status.EXPIRED);
    }

    @Test
    void whenTheIntermediateHasExpired_thenExpiredAboutTheIntermediate() {
        TestPki.Ca oldSub = TestPki.intermediate(root, "Old CA", b -> b.withValidity(NOW.minus(Duration.ofDays(900)),
                NOW.minus(Duration.ofDays(1))));
        X509Certificate l = TestPki.leaf(oldSub, "Person", b -> { });
        ChainValidation v = new TrustAnchors(List.of(root.certificate()), List.of(oldSub.certificate()),
                Revocation.NONE).validate(l, List.of(), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.EXPIRED);
        assertThat(v.subject()).isEqualTo(oldSub.certificate());
    }

    @Test
    void whenThePathIsLongerThanTheRootAllows_thenBrokenChainForPathLength() {
        TestPki.Ca strictRoot = TestPki.root("Strict Root", b -> b.withCa(0));
        TestPki.Ca s = TestPki.intermediate(strictRoot, "Sub");
        X509Certificate l = TestPki.leaf(s, "Person");
        ChainValidation v = new TrustAnchors(List.of(strictRoot.certificate()), List.of(s.certificate()),
                Revocation.NONE).validate(l, List.of(), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.BROKEN_CHAIN);
        assertThat(v.detail()).contains("path length");
        // pathLen 1 allows the one intermediate
        TestPki.Ca okRoot = TestPki.root("Ok Root", b -> b.withCa(1));
        TestPki.Ca okSub = TestPki.intermediate(okRoot, "Sub");
        assertThat(new TrustAnchors(List.of(okRoot.certificate()), List.of(okSub.certificate()), Revocation.NONE)
                .validate(TestPki.leaf(okSub, "Person"), List.of(), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
    }

    @Test
    void whenAnIssuerIsNotACaOrMayNotSignCertificates_thenBrokenChain() {
        TestPki.Ca notCa = TestPki.intermediate(root, "Not a CA", b -> b.withEndEntityBasicConstraints());
        ChainValidation v1 = new TrustAnchors(List.of(root.certificate()), List.of(notCa.certificate()),
                Revocation.NONE).validate(TestPki.leaf(notCa, "Person"), List.of(), NOW, Use.ANY);
        assertThat(v1.status()).isEqualTo(Status.BROKEN_CHAIN);
        assertThat(v1.detail()).contains("basic constraints");

        TestPki.Ca noCertSign = TestPki.intermediate(root, "CRL only", b -> b.withKeyUsage(KeyUsage.cRLSign));
        ChainValidation v2 = new TrustAnchors(List.of(root.certificate()), List.of(noCertSign.certificate()),
                Revocation.NONE).validate(TestPki.leaf(noCertSign, "Person"), List.of(), NOW, Use.ANY);
        assertThat(v2.status()).isEqualTo(Status.BROKEN_CHAIN);
        assertThat(v2.detail()).contains("keyCertSign");
    }

    @Test
    void whenTheLeafKeyUsageDoesNotFitTheUse_thenWrongUsage() {
        X509Certificate nonRepudiationOnly = TestPki.leaf(sub, "Signer", b -> b.withKeyUsage(KeyUsage.nonRepudiation));
        X509Certificate encipherOnly = TestPki.leaf(sub, "Enc", b -> b.withKeyUsage(KeyUsage.keyEncipherment));
        TrustAnchors trust = store(Revocation.NONE);
        assertThat(trust.validate(nonRepudiationOnly, List.of(), NOW, Use.SIGN).status()).isEqualTo(Status.VALID);
        assertThat(trust.validate(nonRepudiationOnly, List.of(), NOW, Use.AUTH).status()).isEqualTo(Status.WRONG_USAGE);
        assertThat(trust.validate(encipherOnly, List.of(), NOW, Use.SIGN).status()).isEqualTo(Status.WRONG_USAGE);
        assertThat(trust.validate(encipherOnly, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
    }

    @Test
    void whenAStoredCrlListsTheLeafOrNot_thenRevokedOrValid() {
        X509Certificate other = TestPki.leaf(sub, "Other");
        X509CRL crl = TestPki.crl(sub, leaf.getSerialNumber());
        TrustAnchors trust = store(new CrlRevocation(List.of(crl), List.of(), Duration.ofSeconds(1), Clock.systemUTC()));
        ChainValidation revoked = trust.validate(leaf, List.of(), NOW, Use.ANY);
        assertThat(revoked.status()).isEqualTo(Status.REVOKED);
        assertThat(revoked.detail()).contains("key_compromise");
        assertThat(trust.validate(other, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
        assertThat(trust.trusted(leaf, List.of(), NOW)).isFalse();
    }

    @Test
    void whenTheIntermediateIsRevokedByTheRoot_thenTheLeafIsRevoked() {
        X509CRL crl = TestPki.crl(root, sub.certificate().getSerialNumber());
        ChainValidation v = store(new CrlRevocation(List.of(crl), List.of(), Duration.ofSeconds(1), Clock.systemUTC()))
                .validate(leaf, List.of(), NOW, Use.ANY);
        assertThat(v.status()).isEqualTo(Status.REVOKED);
        assertThat(v.subject()).isEqualTo(sub.certificate());
    }

    @Test
    void whenTheCrlIsForgedOrOutOfDate_thenRevocationUnknown() {
        TestPki.Ca forger = TestPki.root("Issuing CA"); // same name as the issuer, another key
        X509CRL forged = TestPki.crl(sub.certificate(), forger.signer(), NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1)), leaf.getSerialNumber());
        ChainValidation v = store(new CrlRevocation(List.of(forged), List.of(), Duration.ofSeconds(1),
                Clock.systemUTC())).validate(leaf, List.of(), NOW, Use.ANY);
        assertThat(v.status()).as("a forged CRL neither revokes nor vouches").isEqualTo(Status.UNKNOWN_REVOCATION);

        X509CRL stale = TestPki.crl(sub.certificate(), sub.signer(), NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(3)));
        assertThat(store(new CrlRevocation(List.of(stale), List.of(), Duration.ofSeconds(1), Clock.systemUTC()))
                .validate(leaf, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.UNKNOWN_REVOCATION);
    }

    @Test
    void whenTheCrlIsAtAnAllowedUrl_thenItIsFetchedOnceAndCached() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger hits = new AtomicInteger();
        AtomicReference<byte[]> body = new AtomicReference<>(TestPki.crl(sub, BigInteger.TWO).getEncoded());
        server.createContext("/crl/", exchange -> {
            hits.incrementAndGet();
            byte[] b = body.get();
            exchange.sendResponseHeaders(200, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/crl/";
            X509Certificate withCdp = TestPki.leaf(sub, "Person", b -> TestPki.distributionPoint(b, base + "sub.crl"));
            X509Certificate revokedOne = TestPki.leaf(sub, "Revoked", b -> TestPki.distributionPoint(b, base + "r.crl"));
            body.set(TestPki.crl(sub, revokedOne.getSerialNumber()).getEncoded());
            TrustAnchors trust = store(new CrlRevocation(List.of(), List.of(base), Duration.ofSeconds(2),
                    Clock.systemUTC()));
            assertThat(trust.validate(withCdp, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
            assertThat(trust.validate(withCdp, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
            assertThat(hits).as("fetched once, then from the cache").hasValue(1);
            assertThat(trust.validate(revokedOne, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.REVOKED);

            // a URL not allowed is never fetched: revocation not checked, the chain is valid
            TrustAnchors notAllowed = store(new CrlRevocation(List.of(), List.of("http://crl.example.by/"),
                    Duration.ofSeconds(2), Clock.systemUTC()));
            assertThat(notAllowed.validate(revokedOne, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.VALID);
            assertThat(hits).hasValue(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whenTheAllowedUrlDoesNotAnswer_thenRevocationUnknownQuicklyAndNotAskedAgainSoon() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            X509Certificate l = TestPki.leaf(sub, "Person", b -> TestPki.distributionPoint(b, base + "missing.crl"));
            TrustAnchors trust = store(new CrlRevocation(List.of(), List.of(base), Duration.ofSeconds(2),
                    Clock.systemUTC()));
            long start = System.nanoTime();
            ChainValidation v = trust.validate(l, List.of(), NOW, Use.ANY);
            assertThat(v.status()).isEqualTo(Status.UNKNOWN_REVOCATION);
            assertThat(v.detail()).contains("missing.crl");
            trust.validate(l, List.of(), NOW, Use.ANY);
            assertThat(hits).as("a failure is remembered for a while").hasValue(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NationalCa.Kind.class)
    void whenANationalChainIsChecked_thenValidAndRevokedByANationallySignedCrl(NationalCa.Kind kind) {
        NationalCa ca = NationalCa.create(kind, "National Root");
        X509Certificate person = ca.issue(TestSubjects.belarusCitizen()).certificate();
        TrustAnchors trust = new TrustAnchors(List.of(ca.certificate()));
        assertThat(trust.validate(person, List.of(), NOW, Use.SIGN).status()).isEqualTo(Status.VALID);
        assertThat(trust.validate(person, List.of(), NOW.plus(Duration.ofDays(800)), Use.SIGN).status())
                .isEqualTo(Status.EXPIRED);
        assertThat(new TrustAnchors(List.of(NationalCa.create(kind, "National Root").certificate()))
                .validate(person, List.of(), NOW, Use.ANY).status()).isEqualTo(Status.BROKEN_CHAIN);
        X509CRL crl;
        try {
            crl = TestPki.crl(ca.certificate(), ca.signer(), NOW.minus(Duration.ofHours(1)),
                    NOW.plus(Duration.ofDays(1)), person.getSerialNumber());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        assertThat(CrlRevocation.signedBy(crl, ca.certificate())).isTrue();
        assertThat(trust.withRevocation(new CrlRevocation(List.of(crl), List.of(), Duration.ofSeconds(1),
                Clock.systemUTC())).validate(person, List.of(), NOW, Use.SIGN).status()).isEqualTo(Status.REVOKED);
    }
}
