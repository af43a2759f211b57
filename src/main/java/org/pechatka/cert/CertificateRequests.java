package org.pechatka.cert;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate requests for any key Pechatka signs with (RSA, EC, bign, GOST), signed by a
 * {@link ContentSigner} (a token's, through {@code sign.TokenContentSigner}). The subject keeps
 * the order it is given in; {@link #belarusOrder} sorts it the way STB 34.101.78 fixes it. The
 * Belarusian remote re-issue profile carries its ticket in {@code challengePassword} as a
 * UTF8String {@code /EPWD:<hex>/INFO:<text>} ({@link #belarusChallenge}).
 */
public final class CertificateRequests {

    /** STB 34.101.78 (bpki, 073Name): the fixed order of subject attributes. */
    private static final List<ASN1ObjectIdentifier> STB_ORDER = List.of(
            BCStyle.CN, BCStyle.SURNAME, BCStyle.NAME, BCStyle.GIVENNAME, BCStyle.SERIALNUMBER, BCStyle.C,
            BCStyle.L, BCStyle.ST, BCStyle.STREET, BCStyle.O, BCStyle.OU, BCStyle.T, BCStyle.ORGANIZATION_IDENTIFIER);

    private CertificateRequests() {}

    /**
     * A request for {@code publicKey}.
     *
     * @param challengePassword the challengePassword attribute (UTF8String), or null for none
     * @param extensions        requested extensions (extensionRequest), or null for none
     */
    public static PKCS10CertificationRequest build(X500Name subject, SubjectPublicKeyInfo publicKey,
            String challengePassword, Extensions extensions, ContentSigner signer) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signer, "signer");
        PKCS10CertificationRequestBuilder b = new PKCS10CertificationRequestBuilder(subject, publicKey);
        if (challengePassword != null) {
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String(challengePassword));
        }
        if (extensions != null) {
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions);
        }
        return b.build(signer);
    }

    /**
     * The Belarusian challengePassword: {@code /EPWD:} the ticket in upper-case hex, {@code /INFO:}
     * free text (no "/" in it, which would end the field).
     */
    public static String belarusChallenge(byte[] ticket, String info) {
        Objects.requireNonNull(ticket, "ticket");
        if (ticket.length == 0) {
            throw new IllegalArgumentException("the ticket is empty");
        }
        String text = info == null ? "" : info;
        if (text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("the INFO text cannot contain '/'");
        }
        return "/EPWD:" + HexFormat.of().withUpperCase().formatHex(ticket) + "/INFO:" + text;
    }

    /** The subject with its attributes in the order STB 34.101.78 fixes; others keep their place after them. */
    public static X500Name belarusOrder(X500Name subject) {
        List<RDN> rdns = new ArrayList<>(List.of(subject.getRDNs()));
        Map<ASN1ObjectIdentifier, Integer> rank = new java.util.HashMap<>();
        for (int i = 0; i < STB_ORDER.size(); i++) {
            rank.put(STB_ORDER.get(i), i);
        }
        rdns.sort(Comparator.comparingInt(r -> rank.getOrDefault(r.getFirst().getType(), STB_ORDER.size())));
        return new X500Name(rdns.toArray(RDN[]::new));
    }

    /** Reads a request (DER). */
    public static PKCS10CertificationRequest read(byte[] der) throws IOException {
        return new PKCS10CertificationRequest(der);
    }
}
