/**
 * The Belarusian national algorithms in pure Java: belt (STB 34.101.31), its HMAC (STB 34.101.47)
 * and bign (STB 34.101.45), on Bouncy Castle's elliptic-curve arithmetic and ASN.1 classes, with
 * the key formats of STB 34.101.78 (bpki).
 *
 * <h2>Conventions</h2>
 * Octet strings are used as the standards print them. Every number of bign (field elements, d,
 * q, the hash value as a number, S1) is a <em>little-endian</em> octet string: reverse before
 * {@code new BigInteger(1, …)}. A public key is x‖y with no {@code 04} prefix; a signature is
 * S0 (l/8 octets) ‖ S1 (l/4 octets), raw, not a DER sequence. belt reads its blocks and keys as
 * little-endian 32-bit words.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link org.pechatka.crypto.stb.BeltBlock belt-block}, {@link org.pechatka.crypto.stb.BeltWblock
 *       belt-wblock}, {@link org.pechatka.crypto.stb.BeltKwp belt-kwp};</li>
 *   <li>{@link org.pechatka.crypto.stb.BeltHash belt-hash} (a {@link java.security.MessageDigest}),
 *       {@link org.pechatka.crypto.stb.BeltHmac belt-hmac}, {@link org.pechatka.crypto.stb.BeltPbkdf2
 *       PBKDF2 with belt-hmac};</li>
 *   <li>the three standard {@link org.pechatka.crypto.stb.BignCurve bign curves};
 *       {@link org.pechatka.crypto.stb.BignPrivateKey private} and
 *       {@link org.pechatka.crypto.stb.BignPublicKey public} keys (generation, derivation,
 *       validation);</li>
 *   <li>{@link org.pechatka.crypto.stb.BignSignature signatures} over a given hash and hash OID,
 *       with a random or a deterministic one-time key, and their verification;</li>
 *   <li>{@link org.pechatka.crypto.stb.BignKeyTransport key transport} (bign-keytransport);</li>
 *   <li>{@link org.pechatka.crypto.stb.BignAsn1 ASN.1} of keys (SubjectPublicKeyInfo, PKCS #8
 *       PrivateKeyInfo, ECParameters) and the password-protected
 *       {@link org.pechatka.crypto.stb.BpkiKeyContainer private key container} of STB 34.101.78.</li>
 * </ul>
 *
 * <h2>Not here</h2>
 * <ul>
 *   <li>bign's identity-based signatures (the standard's tests Г.8–Г.10) and curve parameter
 *       generation: out of scope, nothing in Pechatka uses them;</li>
 *   <li>bash (STB 34.101.77): a signature at level 192 or 256 takes its bash384/bash512 hash value
 *       from elsewhere (a token), together with the DER of the hash OID;</li>
 *   <li>the belt modes ECB, CBC, CFB, CTR, MAC, DWP, CHE, BDE, SDE, FMT and belt-keyexpand/keyrep:
 *       nothing in Pechatka needs them.</li>
 * </ul>
 *
 * <h2>Side channels</h2>
 * The code has no branches on secret values where it is easy to avoid them, compares
 * secret-derived values in constant time, multiplies the base point by a secret with a
 * fixed-point comb and any other point with a Montgomery ladder. It does not go further:
 * big-number arithmetic ({@link java.math.BigInteger}, Bouncy Castle's field elements) is not
 * constant-time, rejection sampling of keys leaks only the number of draws, and belt's
 * substitution is a table lookup (as in the reference implementation), so cache timing is not
 * addressed.
 */
package org.pechatka.crypto.stb;
