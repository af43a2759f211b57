package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyUsagesTest {

    @Test
    void whenAllBitsSet_thenAllNineNamesInBitOrder() {
        boolean[] bits = new boolean[9];
        java.util.Arrays.fill(bits, true);
        assertThat(KeyUsages.keyUsageNames(bits)).containsExactly("digitalSignature", "nonRepudiation",
                "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly",
                "decipherOnly");
    }

    @Test
    void whenSomeBitsSetOrNoExtension_thenOnlyThoseNames() {
        assertThat(KeyUsages.keyUsageNames(new boolean[] {false, true, false, false, false, true}))
                .containsExactly("nonRepudiation", "keyCertSign");
        assertThat(KeyUsages.keyUsageNames(null)).isEmpty();
    }

    @Test
    void whenCommonExtendedKeyUsage_thenReadableName() {
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.5.5.7.3.1")).isEqualTo("serverAuth");
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.5.5.7.3.2")).isEqualTo("clientAuth");
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.5.5.7.3.3")).isEqualTo("codeSigning");
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.5.5.7.3.4")).isEqualTo("emailProtection");
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.5.5.7.3.8")).isEqualTo("timeStamping");
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.5.5.7.3.9")).isEqualTo("OCSPSigning");
        assertThat(KeyUsages.extendedKeyUsageName("1.3.6.1.4.1.311.20.2.2")).isEqualTo("smartcardLogon");
    }

    @Test
    void whenUnknownExtendedKeyUsage_thenTheOidItself() {
        assertThat(KeyUsages.extendedKeyUsageName("1.2.643.2.2.34.6")).isEqualTo("1.2.643.2.2.34.6");
    }

    @Test
    void whenNameOrOidGiven_thenOidFound() {
        assertThat(KeyUsages.extendedKeyUsageOid("clientAuth")).contains("1.3.6.1.5.5.7.3.2");
        assertThat(KeyUsages.extendedKeyUsageOid("1.2.3.4")).contains("1.2.3.4");
        assertThat(KeyUsages.extendedKeyUsageOid("nonsense")).isEmpty();
        assertThat(KeyUsages.keyUsageBit("keyCertSign")).contains(5);
        assertThat(KeyUsages.keyUsageBit("sign")).isEmpty();
    }
}
