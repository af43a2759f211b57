package org.pechatka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.error.PechatkaException;
import org.pechatka.lifecycle.CsrService;
import org.pechatka.lifecycle.SubjectSpec;
import org.pechatka.platform.AtomicFiles;

/**
 * A key file as the Create request window leaves it: a new EC P-256 key made in memory
 * ({@link CsrService#createInMemory}) and written only encrypted, without a certificate, to
 * {@code file}. Test-only.
 *
 * @param file      where it was written
 * @param publicKey the key's public key (a {@link TestCa} issues a certificate for it)
 * @param keyId     its localKeyId
 */
public record KeyOnlyFile(Path file, SubjectPublicKeyInfo publicKey, byte[] keyId) {

    public static KeyOnlyFile create(Path file, String password) throws PechatkaException, IOException {
        X500Name subject = SubjectSpec.of(List.of(new SubjectSpec.Attribute("CN", "Key File Person")));
        CsrService.KeyFileCreated made = CsrService.createInMemory(new CsrService.Spec(
                KeyInfo.byProtocolName("EC-P256").orElseThrow(), subject, null, "Pechatka request"),
                password.toCharArray());
        Files.createDirectories(file.getParent());
        AtomicFiles.writeNew(file, made.keyFile(), true);
        return new KeyOnlyFile(file, made.publicKey(), made.keyId());
    }

    /** The subject the request was made for. */
    public static X500Name subject() {
        return new X500Name("CN=Key File Person");
    }
}
