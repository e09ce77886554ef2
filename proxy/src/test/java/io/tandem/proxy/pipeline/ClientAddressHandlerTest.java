package io.tandem.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.Cidr;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressHandlerTest {

    private final ClientAddressHandler handler = new ClientAddressHandler(
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1")), exchange -> { });

    @ParameterizedTest(name = "[{index}] peer {0}, X-Forwarded-For {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // peer     | X-Forwarded-For (lines split by /)      | client
            "192.0.2.9  | 203.0.113.5                             | 192.0.2.9",   // untrusted peer: header ignored
            "10.1.2.3   | NULL                                    | 10.1.2.3",
            "10.1.2.3   | 203.0.113.5                             | 203.0.113.5",
            "10.1.2.3   | 198.51.100.1, 203.0.113.5               | 203.0.113.5", // right-most untrusted wins
            "10.1.2.3   | 203.0.113.5, 10.9.9.9                   | 203.0.113.5", // trusted hops skipped
            "10.1.2.3   | 10.2.2.2, 10.9.9.9                      | 10.2.2.2",
            "10.1.2.3   | evil.example, 203.0.113.5               | 203.0.113.5",
            "10.1.2.3   | 203.0.113.5, not-an-ip                  | 10.1.2.3",    // garbage: trust nothing left of it
            "10.1.2.3   | 198.51.100.1/203.0.113.5                | 203.0.113.5", // two header lines
            "::1        | 2001:db8::7                             | 2001:db8::7",
            "::1        | [2001:db8::8]                           | 2001:db8::8",
    })
    void resolve(String peer, String forwardedFor, String expected) throws Exception {
        List<String> header = forwardedFor == null ? null : Arrays.asList(forwardedFor.split("/"));

        InetAddress client = handler.resolve(InetAddress.getByName(peer), header);

        assertThat(client).isEqualTo(InetAddress.getByName(expected));
    }

    @ParameterizedTest
    @CsvSource({"localhost", "example.com", "1.2.3", "1.2.3.4.5", "::g", "''", "1.2.3.4:80"})
    void ipLiterals_rejectAnythingButAddresses(String text) {
        assertThat(io.tandem.config.IpLiterals.parseOrNull(text)).isNull();
    }
}
