package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureScheme;

/**
 * Verifies a raw signature from the token layer independently of it: with the JDK's own providers,
 * and with the {@code openssl} command.
 */
public final class SignatureCheck {

    private SignatureCheck() {}

    /** Verifies with the JDK providers (never Bouncy Castle, so the check is independent). */
    public static boolean jca(SignatureAlgorithm alg, SubjectPublicKeyInfo spki, byte[] data, byte[] raw) {
        try {
            PublicKey key = publicKey(spki);
            Signature s;
            switch (alg.scheme()) {
                case RSA_PSS -> {
                    s = Signature.getInstance("RSASSA-PSS");
                    String h = alg.hash().protocolName();
                    s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), alg.hash().length(), 1));
                }
                case EDDSA -> s = Signature.getInstance("Ed25519");
                default -> s = Signature.getInstance(alg.name());
            }
            s.initVerify(key);
            s.update(data);
            return s.verify(alg.toX509(raw));
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Verifies with {@code openssl}; returns its verdict. */
    public static boolean openssl(SignatureAlgorithm alg, SubjectPublicKeyInfo spki, byte[] data, byte[] raw,
            Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path pub = Files.createTempFile(workDir, "pub", ".pem");
        Path in = Files.createTempFile(workDir, "data", ".bin");
        Path sig = Files.createTempFile(workDir, "sig", ".bin");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki.getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Files.write(in, data);
        Files.write(sig, alg.toX509(raw));
        List<String> cmd = new ArrayList<>();
        if (alg.scheme() == SignatureScheme.EDDSA) {
            cmd.addAll(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin", "-in",
                    in.toString(), "-sigfile", sig.toString()));
        } else {
            String dgst = "-" + alg.hash().protocolName().toLowerCase().replace("sha-", "sha");
            cmd.addAll(List.of("openssl", "dgst", dgst, "-verify", pub.toString(), "-signature", sig.toString()));
            if (alg.scheme() == SignatureScheme.RSA_PSS) {
                cmd.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:" + alg.hash().length()));
            }
            cmd.add(in.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            boolean ok = p.exitValue() == 0 && out.contains("Verified OK")
                    || p.exitValue() == 0 && out.contains("Signature Verified Successfully");
            if (!ok && !out.contains("Verification failure") && !out.contains("Signature Verification Failure")) {
                throw new AssertionError("openssl did not run as expected: " + cmd + "\n" + out);
            }
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A JDK public key for an SPKI. */
    public static PublicKey publicKey(SubjectPublicKeyInfo spki) throws IOException, GeneralSecurityException {
        KeyInfo info = KeyInfo.of(spki);
        String alg = info.family() == KeyFamily.RSA ? "RSA" : info.family() == KeyFamily.EDDSA ? "Ed25519" : "EC";
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
    }
}
