package io.tandem.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusMessageTest {

    @Test
    void encodeThenDecode_givesTheSameMessage() {
        StatusMessage handOver = new StatusMessage(7, "edge-a", Role.STANDBY, 3, Optional.of("edge-b"), false,
                "sha256:c0ffee", "9f86d081884c7d65");
        StatusMessage goodbye = new StatusMessage(8, "edge-a", Role.ACTIVE, 4, Optional.empty(), true, "", "");

        assertThat(StatusMessage.decode(handOver.encode())).contains(handOver);
        assertThat(StatusMessage.decode(goodbye.encode())).contains(goodbye);
        assertThat(handOver.encode()).isEqualTo("tandem-ha/1\t7\tedge-a\tSTANDBY\t3\tedge-b\t0\tsha256:c0ffee\t9f86d081884c7d65");
    }

    /** A foreign or damaged message is ignored, never an exception on a Hazelcast event thread. */
    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "hello",
            "tandem-ha/2\t7\ta\tACTIVE\t3\t\t0\t\t",
            "tandem-ha/1\t7\ta\tACTIVE\t3\t\t0\t\t\textra",
            "tandem-ha/1\tseven\ta\tACTIVE\t3\t\t0\t\t",
            "tandem-ha/1\t7\ta\tLEADER\t3\t\t0\t\t",
            "tandem-ha/1\t7\ta b\tACTIVE\t3\t\t0\t\t",
            "tandem-ha/1\t7\ta\tACTIVE\t99999999999999999999\t\t0\t\t",
            "tandem-ha/1\t7\ta\tACTIVE\t3\t\t0\tsha 256\t"})
    void decode_malformed_isEmpty(String text) {
        assertThat(StatusMessage.decode(text)).isEmpty();
    }

    @Test
    void decode_notAString_isEmpty() {
        assertThat(StatusMessage.decode(42)).isEmpty();
        assertThat(StatusMessage.decode(null)).isEmpty();
    }
}
