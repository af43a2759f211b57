package org.pechatka.crypto;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.cryptopro.ECGOST3410NamedCurves;

/**
 * What a public key is, in the terms the rest of Pechatka needs: family, size, curve and the
 * protocol's key name where the contract has one ({@code EC-P256}, {@code RSA-2048} …).
 *
 * @param family    the key family
 * @param bits      RSA modulus bits; curve (field) size for EC, EdDSA, bign and GOST keys
 * @param curveOid  the named curve or parameter set, or null (RSA, explicit EC parameters)
 * @param curveName a readable curve name, or null
 */
public record KeyInfo(KeyFamily family, int bits, ASN1ObjectIdentifier curveOid, String curveName) {

    private static final Map<ASN1ObjectIdentifier, String> EC_PROTOCOL_NAMES = Map.of(
            new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"), "EC-P256",
            new ASN1ObjectIdentifier("1.3.132.0.34"), "EC-P384",
            new ASN1ObjectIdentifier("1.3.132.0.35"), "EC-P521");

    private static final Map<ASN1ObjectIdentifier, Integer> BIGN_LEVELS = Map.of(
            NationalOids.BIGN_CURVE256V1, 128,
            NationalOids.BIGN_CURVE384V1, 192,
            NationalOids.BIGN_CURVE512V1, 256);

    public KeyInfo {
        Objects.requireNonNull(family, "family");
    }

    /**
     * The protocol's key name ({@code EC-P256}, {@code RSA-2048}, {@code ED25519}, {@code BIGN-128},
     * {@code GOST-2012-256} …), or null when the contract has none for this key.
     */
    public String protocolName() {
        return switch (family) {
            case RSA -> (bits == 2048 || bits == 3072 || bits == 4096) ? "RSA-" + bits : null;
            case EC -> curveOid == null ? null : EC_PROTOCOL_NAMES.get(curveOid);
            case EDDSA -> EdECObjectIdentifiers.id_Ed25519.equals(curveOid) ? "ED25519" : null;
            case BIGN -> "BIGN-" + bits / 2;
            case GOST_2012 -> "GOST-2012-" + bits;
        };
    }

    /** Human-readable, e.g. "RSA 2048", "EC P-256", "bign 128 (bign-curve256v1)". */
    public String displayName() {
        return switch (family) {
            case RSA -> "RSA " + bits;
            case EC -> "EC " + (curveName != null ? curveName : bits + "-bit curve");
            case EDDSA -> curveName != null ? curveName : "EdDSA";
            case BIGN -> "bign " + bits / 2 + (curveName != null ? " (" + curveName + ")" : "");
            case GOST_2012 -> "GOST R 34.10-2012 " + bits + (curveName != null ? " (" + curveName + ")" : "");
        };
    }

    /** Length in bytes of one signature component (r or s) for EC and GOST keys. */
    public int componentLength() {
        return (bits + 7) / 8;
    }

    /**
     * The key of a protocol key name ({@code EC-P256}, {@code RSA-2048}, {@code ED25519},
     * {@code BIGN-128} …), as a specification for key generation.
     */
    public static java.util.Optional<KeyInfo> byProtocolName(String name) {
        for (Map.Entry<ASN1ObjectIdentifier, String> e : EC_PROTOCOL_NAMES.entrySet()) {
            if (e.getValue().equals(name)) {
                X9ECParameters curve = ECNamedCurveTable.getByOID(e.getKey());
                return java.util.Optional.of(new KeyInfo(KeyFamily.EC, curve.getCurve().getFieldSize(), e.getKey(),
                        ecCurveName(e.getKey())));
            }
        }
        for (Map.Entry<ASN1ObjectIdentifier, Integer> e : BIGN_LEVELS.entrySet()) {
            if (("BIGN-" + e.getValue()).equals(name)) {
                return java.util.Optional.of(new KeyInfo(KeyFamily.BIGN, e.getValue() * 2, e.getKey(),
                        bignCurveName(e.getKey())));
            }
        }
        return switch (name) {
            case "RSA-2048", "RSA-3072", "RSA-4096" ->
                    java.util.Optional.of(new KeyInfo(KeyFamily.RSA, Integer.parseInt(name.substring(4)), null, null));
            case "ED25519" -> java.util.Optional.of(new KeyInfo(KeyFamily.EDDSA, 256, EdECObjectIdentifiers.id_Ed25519,
                    "Ed25519"));
            case "GOST-2012-256" -> java.util.Optional.of(new KeyInfo(KeyFamily.GOST_2012, 256,
                    new ASN1ObjectIdentifier("1.2.643.7.1.2.1.1.1"), "Tc26-Gost-3410-12-256-paramSetA"));
            case "GOST-2012-512" -> java.util.Optional.of(new KeyInfo(KeyFamily.GOST_2012, 512,
                    new ASN1ObjectIdentifier("1.2.643.7.1.2.1.2.1"), "Tc26-Gost-3410-12-512-paramSetA"));
            default -> java.util.Optional.empty();
        };
    }

    /** Reads the key algorithm from a SubjectPublicKeyInfo. */
    public static KeyInfo of(SubjectPublicKeyInfo spki) throws IOException {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        ASN1Encodable params = spki.getAlgorithm().getParameters();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(alg) || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg)) {
            var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey());
            return new KeyInfo(KeyFamily.RSA, rsa.getModulus().bitLength(), null, null);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            return ecKey(X962Parameters.getInstance(params));
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(alg)) {
            return new KeyInfo(KeyFamily.EDDSA, 256, alg, "Ed25519");
        }
        if (EdECObjectIdentifiers.id_Ed448.equals(alg)) {
            return new KeyInfo(KeyFamily.EDDSA, 456, alg, "Ed448");
        }
        if (NationalOids.BIGN_PUBKEY.equals(alg)) {
            ASN1ObjectIdentifier curve = params instanceof ASN1ObjectIdentifier oid ? oid : null;
            Integer level = curve == null ? null : BIGN_LEVELS.get(curve);
            if (level == null) {
                // explicit parameters: the level follows from the public key size (x||y = l/2 bytes)
                int keyBytes = spki.getPublicKeyData().getOctets().length;
                level = keyBytes * 2;
            }
            return new KeyInfo(KeyFamily.BIGN, level * 2, curve, curve == null ? null : bignCurveName(curve));
        }
        if (NationalOids.GOST3410_12_256.equals(alg) || NationalOids.GOST3410_12_512.equals(alg)) {
            int bits = NationalOids.GOST3410_12_256.equals(alg) ? 256 : 512;
            ASN1ObjectIdentifier paramSet = null;
            if (params instanceof ASN1Sequence seq && seq.size() > 0
                    && seq.getObjectAt(0) instanceof ASN1ObjectIdentifier ps) {
                paramSet = ps;
            }
            String name = paramSet == null ? null : ECGOST3410NamedCurves.getName(paramSet);
            return new KeyInfo(KeyFamily.GOST_2012, bits, paramSet, name);
        }
        throw new IOException("unsupported public key algorithm " + alg.getId());
    }

    private static KeyInfo ecKey(X962Parameters params) throws IOException {
        if (params.isNamedCurve()) {
            ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(params.getParameters());
            X9ECParameters curve = ECNamedCurveTable.getByOID(oid);
            if (curve == null) {
                throw new IOException("unknown named curve " + oid.getId());
            }
            return new KeyInfo(KeyFamily.EC, curve.getCurve().getFieldSize(), oid, ecCurveName(oid));
        }
        if (params.isImplicitlyCA()) {
            throw new IOException("implicitlyCA EC parameters are not supported");
        }
        X9ECParameters curve = X9ECParameters.getInstance(params.getParameters());
        return new KeyInfo(KeyFamily.EC, curve.getCurve().getFieldSize(), null, null);
    }

    private static String ecCurveName(ASN1ObjectIdentifier oid) {
        String protocol = EC_PROTOCOL_NAMES.get(oid);
        if (protocol != null) {
            return "P-" + protocol.substring("EC-P".length());
        }
        return ECNamedCurveTable.getName(oid);
    }

    private static String bignCurveName(ASN1ObjectIdentifier oid) {
        if (NationalOids.BIGN_CURVE256V1.equals(oid)) {
            return "bign-curve256v1";
        }
        if (NationalOids.BIGN_CURVE384V1.equals(oid)) {
            return "bign-curve384v1";
        }
        return NationalOids.BIGN_CURVE512V1.equals(oid) ? "bign-curve512v1" : null;
    }
}
