package org.pechatka.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;

/**
 * Writes an attached (encapsulated-content) SignedData from a detached one and the file, in DER,
 * streaming the file into the middle: the SignedData of a detached signature differs from the
 * attached one only in its encapContentInfo ({@code SEQUENCE { id-data }} against
 * {@code SEQUENCE { id-data, [0] EXPLICIT OCTET STRING content }}); the version (1 for id-data,
 * RFC 5652 5.1), the digest algorithms, the certificates and the SignerInfos, whose signature
 * covers only the signed attributes, stay as they are. The file's size is known, so every length
 * is written before the content, and no part of the file is held in memory.
 *
 * <p>The file is hashed again while it is copied; if it no longer has the hash that was signed
 * (it changed after it was hashed), writing fails and {@link AtomicFiles} leaves nothing behind.
 */
final class AttachedSignature implements AtomicFiles.Content {

    private final byte[] detached;
    private final Path file;
    private final long size;
    private final HashAlgorithm digestAlgorithm;
    private final byte[] signedDigest;

    AttachedSignature(byte[] detached, Path file, long size, HashAlgorithm digestAlgorithm, byte[] signedDigest) {
        this.detached = detached.clone();
        this.file = file;
        this.size = size;
        this.digestAlgorithm = digestAlgorithm;
        this.signedDigest = signedDigest.clone();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        ContentInfo info = ContentInfo.getInstance(detached);
        ASN1Sequence signedData = ASN1Sequence.getInstance(info.getContent());
        SignedData.getInstance(signedData); // a SignedData, or an IllegalArgumentException
        ASN1Sequence encap = ASN1Sequence.getInstance(signedData.getObjectAt(2));
        if (encap.size() != 1 || !CMSObjectIdentifiers.data.equals(encap.getObjectAt(0))) {
            throw new IOException("the signature to attach the file to is not a detached id-data signature");
        }
        byte[] contentType = der(encap.getObjectAt(0));
        byte[] before = concat(List.of(der(signedData.getObjectAt(0)), der(signedData.getObjectAt(1))));
        List<byte[]> rest = new ArrayList<>();
        for (int i = 3; i < signedData.size(); i++) {
            rest.add(der(signedData.getObjectAt(i)));
        }
        byte[] after = concat(rest);

        byte[] octetHeader = header(0x04, size);
        long explicitLength = octetHeader.length + size;
        byte[] explicitHeader = header(0xA0, explicitLength);
        long encapLength = contentType.length + explicitHeader.length + explicitLength;
        byte[] encapHeader = header(0x30, encapLength);
        long signedDataLength = before.length + encapHeader.length + encapLength + after.length;
        byte[] signedDataHeader = header(0x30, signedDataLength);
        byte[] infoType = der(CMSObjectIdentifiers.signedData);
        long wrappedLength = signedDataHeader.length + signedDataLength;
        byte[] wrapHeader = header(0xA0, wrappedLength);
        long infoLength = infoType.length + wrapHeader.length + wrappedLength;

        out.write(header(0x30, infoLength));
        out.write(infoType);
        out.write(wrapHeader);
        out.write(signedDataHeader);
        out.write(before);
        out.write(encapHeader);
        out.write(contentType);
        out.write(explicitHeader);
        out.write(octetHeader);
        copyChecked(out);
        out.write(after);
    }

    /** Copies the file, checking its size and that it still has the hash that was signed. */
    private void copyChecked(OutputStream out) throws IOException {
        MessageDigest md;
        try {
            md = digestAlgorithm.newDigest();
        } catch (PechatkaException.AlgorithmUnsupported e) {
            throw new IOException(e.getMessage(), e);
        }
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                copied += n;
                if (copied > size) {
                    break;
                }
                md.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (copied != size || !MessageDigest.isEqual(md.digest(), signedDigest)) {
            throw new IOException(file + " changed while it was being signed; nothing was written");
        }
    }

    private static byte[] der(ASN1Encodable e) throws IOException {
        return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        parts.forEach(b::writeBytes);
        return b.toByteArray();
    }

    /** A DER tag and definite length (X.690 8.1.3). */
    static byte[] header(int tag, long length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int bytes = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
        byte[] h = new byte[2 + bytes];
        h[0] = (byte) tag;
        h[1] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            h[2 + i] = (byte) (length >>> (8 * (bytes - 1 - i)));
        }
        return h;
    }

    @Override
    public String toString() {
        return "AttachedSignature[" + size + " bytes]"; // never the digest
    }
}
