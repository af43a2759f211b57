package org.pechatka.cert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Readable names of key usages (RFC 5280 4.2.1.3) and extended key usages (4.2.1.12), as the
 * protocol's {@code Filter} and the UI use them.
 */
public final class KeyUsages {

    /** keyUsage bit names in bit order (bit 0 = digitalSignature … bit 8 = decipherOnly). */
    public static final List<String> KEY_USAGE_NAMES = List.of(
            "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
            "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly");

    /** The OID of Microsoft's smart-card logon key purpose. */
    public static final String SMARTCARD_LOGON = "1.3.6.1.4.1.311.20.2.2";

    private static final Map<String, String> EKU_NAMES = Map.of(
            KeyPurposeId.id_kp_serverAuth.getId(), "serverAuth",
            KeyPurposeId.id_kp_clientAuth.getId(), "clientAuth",
            KeyPurposeId.id_kp_codeSigning.getId(), "codeSigning",
            KeyPurposeId.id_kp_emailProtection.getId(), "emailProtection",
            KeyPurposeId.id_kp_timeStamping.getId(), "timeStamping",
            KeyPurposeId.id_kp_OCSPSigning.getId(), "OCSPSigning",
            SMARTCARD_LOGON, "smartcardLogon",
            KeyPurposeId.anyExtendedKeyUsage.getId(), "anyExtendedKeyUsage");

    private KeyUsages() {}

    /** The names of the bits set, in bit order; empty for null (no keyUsage extension). */
    public static List<String> keyUsageNames(boolean[] bits) {
        List<String> names = new ArrayList<>();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.size(); i++) {
                if (bits[i]) {
                    names.add(KEY_USAGE_NAMES.get(i));
                }
            }
        }
        return List.copyOf(names);
    }

    /** The bit number of a keyUsage name ({@code digitalSignature} = 0 …), if it is one. */
    public static Optional<Integer> keyUsageBit(String name) {
        int i = KEY_USAGE_NAMES.indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /**
     * A readable name of an extended key usage: {@code serverAuth}, {@code clientAuth},
     * {@code emailProtection}, {@code codeSigning}, {@code timeStamping}, {@code OCSPSigning},
     * {@code smartcardLogon}, {@code anyExtendedKeyUsage}; any other OID as itself.
     */
    public static String extendedKeyUsageName(String oid) {
        return EKU_NAMES.getOrDefault(oid, oid);
    }

    /** The OID of a readable extended key usage name, or of a dotted OID given as such. */
    public static Optional<String> extendedKeyUsageOid(String nameOrOid) {
        for (var e : EKU_NAMES.entrySet()) {
            if (e.getValue().equals(nameOrOid)) {
                return Optional.of(e.getKey());
            }
        }
        return ASN1ObjectIdentifier.tryFromID(nameOrOid) == null ? Optional.empty() : Optional.of(nameOrOid);
    }
}
