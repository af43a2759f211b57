package org.pechatka.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.pechatka.cert.DirectoryStrings;
import org.pechatka.cert.DistinguishedNames;

/**
 * The subject of a request: typed attribute by attribute in the order given (the Belarus and
 * Russian profiles prescribe their order, so it is never sorted here), or copied byte for byte from
 * a certificate being renewed (the Belarus re-issue service compares it with the current
 * certificate, so it must not be re-encoded).
 */
public final class SubjectSpec {

    /** One attribute as given: a short name ({@code CN}, {@code SN}, {@code SERIALNUMBER} …) or a dotted OID. */
    public record Attribute(String type, String value) {
        public Attribute {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    private SubjectSpec() {}

    /**
     * The subject of attributes in order, each value encoded with the string type its attribute
     * type prescribes.
     *
     * @throws IllegalArgumentException an unknown type, an empty value or characters the type cannot hold
     */
    public static X500Name of(List<Attribute> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            throw new IllegalArgumentException("the subject needs at least one attribute");
        }
        List<RDN> rdns = new ArrayList<>();
        for (Attribute a : attributes) {
            ASN1ObjectIdentifier type = DistinguishedNames.typeByName(a.type())
                    .orElseThrow(() -> new IllegalArgumentException("unknown subject attribute type"));
            rdns.add(new RDN(new AttributeTypeAndValue(type, DistinguishedNames.encodeValue(type, a.value()))));
        }
        return new X500Name(rdns.toArray(RDN[]::new));
    }

    /** The subject exactly as the certificate has it (same attributes, order and string types). */
    public static X500Name copiedFrom(java.security.cert.X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** The attributes of a subject, in order, as a person reads them (short name, decoded value). */
    public static List<Attribute> lines(X500Name subject) {
        List<Attribute> out = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                out.add(new Attribute(DistinguishedNames.shortName(tv.getType()), DirectoryStrings.decode(tv.getValue())));
            }
        }
        return out;
    }
}
