/**
 * The Belarusian national algorithms in pure Java: belt (STB 34.101.31) and its HMAC
 * (STB 34.101.47).
 *
 * <h2>Conventions</h2>
 * Octet strings are used as the standards print them. belt reads its blocks and keys as
 * little-endian 32-bit words.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link org.pechatka.crypto.stb.BeltBlock belt-block}, {@link org.pechatka.crypto.stb.BeltWblock
 *       belt-wblock}, {@link org.pechatka.crypto.stb.BeltKwp belt-kwp};</li>
 *   <li>{@link org.pechatka.crypto.stb.BeltHash belt-hash} (a {@link java.security.MessageDigest}),
 *       {@link org.pechatka.crypto.stb.BeltHmac belt-hmac}, {@link org.pechatka.crypto.stb.BeltPbkdf2
 *       PBKDF2 with belt-hmac}.</li>
 * </ul>
 *
 * <h2>Not here</h2>
 * The belt modes ECB, CBC, CFB, CTR, MAC, DWP, CHE, BDE, SDE, FMT and key expansion/repetition
 * (belt-keyexpand, belt-keyrep): nothing in Pechatka needs them.
 *
 * <h2>Side channels</h2>
 * The code has no branches on secret values where it is easy to avoid them, and compares
 * secret-derived values in constant time; belt's substitution is a table lookup (as in the
 * reference implementation), so cache timing is not addressed.
 */
package org.pechatka.crypto.stb;
