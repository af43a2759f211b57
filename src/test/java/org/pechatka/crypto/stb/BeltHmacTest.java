package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** belt-hmac (STB 34.101.47) and belt-pbkdf2. */
class BeltHmacTest {

    private static final Vectors BELT = Vectors.load("belt.txt");
    private static final Vectors EXTRA = Vectors.load("bee2_extra.txt");

    @Test
    void whenTestsB1_thenTheStandardsMacsForKeysShorterEqualAndLongerThanTheBlock() {
        for (String t : new String[] {"B1_1", "B1_2", "B1_3"}) {
            byte[] key = BELT.hex(t + "_hmac_key");
            byte[] msg = BELT.hex(t + "_hmac_msg");
            byte[] expected = BELT.hex(t + "_hmac_hbelt");

            assertThat(BeltHmac.mac(key, msg)).as(t).isEqualTo(expected);
            BeltHmac hmac = new BeltHmac(key);
            hmac.update(msg, 0, 17);
            hmac.update(msg, 17, msg.length - 17);
            assertThat(hmac.doFinal()).as(t).isEqualTo(expected);
            hmac.update(msg);
            assertThat(hmac.doFinal()).as("%s again after doFinal", t).isEqualTo(expected);
        }
        assertThat(BELT.hex("B1_1_hmac_key")).hasSize(29);
        assertThat(BELT.hex("B1_3_hmac_key")).hasSize(42);
    }

    @Test
    void whenDestroyed_thenUnusable() {
        BeltHmac hmac = new BeltHmac(new byte[32]);
        hmac.destroy();
        assertThat(hmac.isDestroyed()).isTrue();
        assertThatThrownBy(() -> hmac.update(new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(hmac::doFinal).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whenTestE5_thenPbkdf2GivesTheStandardsKey() {
        byte[] password = BELT.hex("E5_pbkdf2_password");
        assertThat(new String(password, StandardCharsets.US_ASCII)).isEqualTo(BELT.text("E5_pbkdf2_password_ascii"));

        byte[] key = BeltPbkdf2.derive(password, BELT.hex("E5_pbkdf2_salt"),
                Integer.parseInt(BELT.text("E5_pbkdf2_iterations")));

        assertThat(key).isEqualTo(BELT.hex("E5_pbkdf2_key"));
    }

    @Test
    void whenBee2sPbkdf2ChecksAgainstOpenSsl_thenTheSameKeys() {
        for (String t : new String[] {"X1", "X2"}) {
            byte[] key = BeltPbkdf2.derive(EXTRA.hex(t + "_pbkdf2_password"), EXTRA.hex(t + "_pbkdf2_salt"),
                    Integer.parseInt(EXTRA.text(t + "_pbkdf2_iterations")));

            assertThat(key).as(t).isEqualTo(EXTRA.hex(t + "_pbkdf2_key"));
        }
    }

    @Test
    void whenOneIteration_thenTheFirstHmacBlock() {
        byte[] salt = {1, 2, 3};
        assertThat(BeltPbkdf2.derive(new byte[] {9}, salt, 1))
                .isEqualTo(BeltHmac.mac(new byte[] {9}, new byte[] {1, 2, 3, 0, 0, 0, 1}));
        assertThatThrownBy(() -> BeltPbkdf2.derive(new byte[1], salt, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
