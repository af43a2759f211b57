package org.pechatka.demoportal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds Web eID authentication tokens in tests, signed by software keys, as Pechatka would. */
final class WebEidTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebEidTokens() {}

    /** A fresh nonce as a portal issues it: 32 random bytes, standard base64 (44 characters). */
    static String nonce() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static KeyPair ecP384() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** H(origin) ‖ H(nonce) for a Web eID algorithm name. */
    static byte[] message(String algorithm, String origin, String nonce) {
        try {
            MessageDigest h = MessageDigest.getInstance("SHA-" + algorithm.substring(2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(h.digest(origin.getBytes(StandardCharsets.UTF_8)));
            out.writeBytes(h.digest(nonce.getBytes(StandardCharsets.UTF_8)));
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token's signature: ECDSA raw r‖s (ES*), PKCS#1 v1.5 (RS*), PSS (PS*). */
    static byte[] sign(String algorithm, PrivateKey key, String origin, String nonce) {
        return sign(algorithm, key, message(algorithm, origin, nonce), false);
    }

    /** As {@link #sign(String, PrivateKey, String, String)}, ECDSA in DER when {@code derEcdsa}. */
    static byte[] sign(String algorithm, PrivateKey key, byte[] message, boolean derEcdsa) {
        String bits = algorithm.substring(2);
        try {
            Signature s = switch (algorithm.substring(0, 2)) {
                case "ES" -> Signature.getInstance("SHA" + bits + "withECDSA" + (derEcdsa ? "" : "inP1363Format"));
                case "RS" -> Signature.getInstance("SHA" + bits + "withRSA");
                case "PS" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    MGF1ParameterSpec mgf = new MGF1ParameterSpec("SHA-" + bits);
                    pss.setParameter(new PSSParameterSpec("SHA-" + bits, "MGF1", mgf, Integer.parseInt(bits) / 8, 1));
                    yield pss;
                }
                default -> throw new IllegalArgumentException(algorithm);
            };
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> fields(X509Certificate certificate, String algorithm, byte[] signature,
            String format) {
        Map<String, Object> token = new LinkedHashMap<>();
        try {
            token.put("unverifiedCertificate", Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        token.put("algorithm", algorithm);
        token.put("signature", Base64.getEncoder().encodeToString(signature));
        token.put("format", format);
        token.put("appVersion", "https://pechatka.example/releases/0.1.0");
        return token;
    }

    static String json(Map<String, Object> token) {
        try {
            return JSON.writeValueAsString(token);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token for {@code origin} and {@code nonce}. */
    static String token(X509Certificate certificate, PrivateKey key, String algorithm, String origin, String nonce) {
        return json(fields(certificate, algorithm, sign(algorithm, key, origin, nonce), "web-eid:1.0"));
    }
}
