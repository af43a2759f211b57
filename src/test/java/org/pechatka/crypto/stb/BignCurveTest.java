package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.NationalOids;

class BignCurveTest {

    private static final Map<String, Vectors> PARAMS = Vectors.sections("bign_params.txt", "# params ", "# be: ");

    /** The little-endian section of a curve in bign_params.txt. */
    static Vectors le(BignCurve c) {
        return PARAMS.get("params " + c.oid().getId() + " (l=" + c.level() + ")");
    }

    private static Vectors be(BignCurve c) {
        return PARAMS.get("be: " + c.oid().getId() + " (l=" + c.level() + ")");
    }

    @Test
    void whenParametersRead_thenTheStandardsTablesInBothByteOrders() {
        for (BignCurve c : BignCurve.values()) {
            Vectors le = le(c);
            Vectors be = be(c);
            int n = c.fieldLength();

            assertThat(Octets.toLe(c.p(), n)).as(c + " p").isEqualTo(le.hex("p_le"));
            assertThat(Octets.toLe(c.a(), n)).as(c + " a").isEqualTo(le.hex("a_le"));
            assertThat(Octets.toLe(c.b(), n)).as(c + " b").isEqualTo(le.hex("b_le"));
            assertThat(Octets.toLe(c.q(), n)).as(c + " q").isEqualTo(le.hex("q_le"));
            assertThat(Octets.toLe(c.g().getAffineYCoord().toBigInteger(), n)).as(c + " yG").isEqualTo(le.hex("yG_le"));
            assertThat(c.seed()).as(c + " seed").isEqualTo(le.hex("seed"));
            assertThat(c.p()).isEqualTo(new BigInteger(1, be.hex("p_be")));
            assertThat(c.a()).isEqualTo(new BigInteger(1, be.hex("a_be")));
            assertThat(c.b()).isEqualTo(new BigInteger(1, be.hex("b_be")));
            assertThat(c.q()).isEqualTo(new BigInteger(1, be.hex("q_be")));
            assertThat(c.g().getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(1, be.hex("yG_be")));
            assertThat(c.g().getAffineXCoord().toBigInteger()).isZero();
        }
    }

    @Test
    void whenGroupChecked_thenGIsOnTheCurveOfPrimeOrderQAndPIsThreeModFour() {
        for (BignCurve c : BignCurve.values()) {
            assertThat(c.g().isValid()).isTrue();
            assertThat(c.g().multiply(c.q()).isInfinity()).as(c.toString()).isTrue();
            assertThat(c.q().isProbablePrime(64)).isTrue();
            assertThat(c.p().isProbablePrime(64)).isTrue();
            assertThat(c.p().bitLength()).isEqualTo(2 * c.level());
            assertThat(c.q().bitLength()).isEqualTo(2 * c.level());
            assertThat(c.a()).isEqualTo(c.p().subtract(BigInteger.valueOf(3)));
            // the key transport recovers y as a power (p + 1) / 4
            assertThat(c.p().testBit(0) && c.p().testBit(1)).isTrue();
        }
    }

    @Test
    void whenSizesAsked_thenTheStandardsOctetCounts() {
        assertThat(BignCurve.BIGN_CURVE256V1).extracting(BignCurve::level, BignCurve::privateKeyLength,
                BignCurve::publicKeyLength, BignCurve::hashLength, BignCurve::signatureLength)
                .containsExactly(128, 32, 64, 32, 48);
        assertThat(BignCurve.BIGN_CURVE384V1).extracting(BignCurve::level, BignCurve::privateKeyLength,
                BignCurve::publicKeyLength, BignCurve::hashLength, BignCurve::signatureLength)
                .containsExactly(192, 48, 96, 48, 72);
        assertThat(BignCurve.BIGN_CURVE512V1).extracting(BignCurve::level, BignCurve::privateKeyLength,
                BignCurve::publicKeyLength, BignCurve::hashLength, BignCurve::signatureLength)
                .containsExactly(256, 64, 128, 64, 96);
    }

    @Test
    void whenLookedUpByOidOrLevel_thenTheCurveOrNothing() {
        assertThat(BignCurve.byOid(NationalOids.BIGN_CURVE256V1)).contains(BignCurve.BIGN_CURVE256V1);
        assertThat(BignCurve.byOid(new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.45.3.2")))
                .contains(BignCurve.BIGN_CURVE384V1);
        assertThat(BignCurve.byOid(NationalOids.BIGN_CURVE512V1)).contains(BignCurve.BIGN_CURVE512V1);
        // bign-curve192v1 (bee2's bign96) is not a standard curve
        assertThat(BignCurve.byOid(new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.45.3.0"))).isEmpty();
        assertThat(BignCurve.byLevel(192)).contains(BignCurve.BIGN_CURVE384V1);
        assertThat(BignCurve.byLevel(96)).isEmpty();
        assertThat(BignCurve.BIGN_CURVE512V1.standardName()).isEqualTo("bign-curve512v1");
    }

    @Test
    void whenSecretScalarMultiplication_thenTheSameAsBouncyCastlesReferenceMultiply() {
        for (BignCurve c : BignCurve.values()) {
            BigInteger k = c.q().subtract(BigInteger.valueOf(12345));
            assertThat(c.multiplyG(k)).isEqualTo(c.g().multiply(k).normalize());
            var p = c.g().multiply(BigInteger.valueOf(7));
            assertThat(c.multiplySecret(p, k)).isEqualTo(p.multiply(k).normalize());
            assertThat(c.multiplySecret(p, BigInteger.ONE)).isEqualTo(p.normalize());
        }
    }
}
