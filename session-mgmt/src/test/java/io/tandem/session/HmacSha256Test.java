package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-keyed HMAC must agree with the JDK's, byte for byte, whatever the key and data length. */
class HmacSha256Test {

    @ParameterizedTest(name = "key of {0} bytes, clone allowed: {1}")
    @CsvSource({"32, true", "33, true", "64, true", "65, true", "200, true", "32, false", "65, false"})
    void tag_agreesWithJavaxCryptoMac(int keyLength, boolean allowClone) throws Exception {
        Random random = new Random(keyLength);
        byte[] key = new byte[keyLength];
        random.nextBytes(key);
        HmacSha256 hmac = new HmacSha256(key, allowClone);
        Mac reference = Mac.getInstance("HmacSHA256");
        reference.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] tag = new byte[32];

        for (int len = 0; len <= 200; len++) {
            byte[] data = new byte[len + 7]; // tags cover a prefix of a longer buffer, as in the codec
            random.nextBytes(data);
            reference.update(data, 0, len);

            hmac.tag(data, len, tag);

            assertThat(tag).as("data of %d bytes", len).isEqualTo(reference.doFinal());
        }
    }
}
