package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.demo.DemoMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tandem demo --failover} end to end, as a newcomer runs it: the demo (in this JVM) starts
 * the farm and the two members as processes of their own on free loopback ports, five scripted
 * shoppers log in and fill their carts, the active member is killed with SIGKILL, the standby
 * takes over. Fails if the demo exits non-zero, if a cart or login is lost, if a shopper changes
 * backend, if a request fails after the takeover, if the epoch does not grow, or if a member
 * process outlives the demo.
 */
class DemoFailoverIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void failoverShow_keepsEveryCart_andExits0() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);
        int exit = DemoMain.run(new String[] {"--failover", "--shoppers", "5", "--dir", dir.toString(),
                "--port", String.valueOf(TandemProcess.freePort()), "--farm-port", "0",
                "--ha-port", String.valueOf(freePortPair()), "--admin-port", String.valueOf(freePortPair()),
                "--tandem-jar", TandemProcess.jar().toString()}, out, out);
        String report = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(report).isZero();
        assertThat(report).contains(
                "  shoppers:                 5\n",
                "  carts intact:             5/5 before the kill, 5/5 after the takeover (same items, same login)\n",
                "  stayed on their backend:  5/5\n",
                "result: PASS");
        assertThat(report).containsPattern("  failed requests:          0 before the kill, \\d+ in flight at the kill, "
                + "\\d+ during the takeover, 0 after the takeover\n");
        assertThat(report).containsPattern("  takeover time:            \\d+ ms ");
        Matcher epochs = Pattern.compile("  epoch: +(\\d+) before \\((demo-[ab]) active\\), (\\d+) after "
                + "\\((demo-[ab]) active\\)").matcher(report);
        assertThat(epochs.find()).as(report).isTrue();
        assertThat(Long.parseLong(epochs.group(3))).isGreaterThan(Long.parseLong(epochs.group(1)));
        assertThat(epochs.group(4)).isNotEqualTo(epochs.group(2));

        // The demo stopped what it started: no member of this directory runs any more.
        String config = dir.toAbsolutePath().toString();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(config)).orElse(false)))
                .isEmpty();
        assertThat(dir.resolve("a.pid")).doesNotExist();
        assertThat(Files.readString(dir.resolve("members"))).startsWith("http://127.0.0.1:");
    }

    /** A port P such that P and P + 1 are free now (the demo gives member B the next port). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = TandemProcess.freePort();
            if (port < 65_535 && free(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two consecutive free ports found in 50 attempts");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes to both: the report is asserted on and still shows in the test log. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
