package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Guards the farm as the demo and the proxy tests start it: distinct named instances on
 * loopback, consecutive ports from a base port, all-or-nothing start, one order sequence.
 * Fails if instances collide on names or ports or if a failed start leaves listeners behind.
 */
class MagentoFarmTest {

    @Test
    void start_namesInstancesInOrder_onDistinctOsChosenPorts() throws Exception {
        try (MagentoFarm farm = MagentoFarm.start(3)) {
            assertThat(farm.instances()).extracting(MagentoInstance::name).containsExactly("web1", "web2", "web3");
            assertThat(farm.instances()).extracting(MagentoInstance::port).doesNotHaveDuplicates().allMatch(p -> p > 0);
            assertThat(farm.baseUrls()).allMatch(u -> u.getHost().equals("127.0.0.1"));
            for (MagentoInstance instance : farm.instances()) {
                HttpResponse<String> health = RawHttp.get(instance.baseUrl(), "/health");
                assertThat(health.headers().firstValue("X-Backend")).contains(instance.name());
            }
            assertThat(farm.instance("web2")).isSameAs(farm.instances().get(1));
        }
    }

    @Test
    void close_stopsEveryInstance() {
        MagentoFarm farm = MagentoFarm.start(2);

        farm.close();

        assertThat(farm.instances()).noneMatch(MagentoInstance::isRunning);
        assertThat(new Shopper(farm.instance("web1").baseUrl()).home().failed()).isTrue();
    }

    @Test
    void start_withBasePort_usesConsecutivePorts() throws IOException {
        MagentoFarm farm = null;
        for (int attempt = 0; attempt < 10 && farm == null; attempt++) {
            int base = freePort();
            if (base + 1 > 65_535) {
                continue;
            }
            try {
                farm = MagentoFarm.start(2, base);
            } catch (IllegalStateException portTakenMeanwhile) {
                // another process holds base+1 (or took base): try another pair
            }
        }
        assertThat(farm).as("a farm on two consecutive free ports within 10 attempts").isNotNull();
        try (MagentoFarm started = farm) {
            int base = started.instance("web1").port();
            assertThat(started.instance("web2").port()).isEqualTo(base + 1);
        }
    }

    @Test
    void start_whenALaterPortIsTaken_leavesNothingRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int base = taken.getLocalPort() - 1;

            assertThatThrownBy(() -> MagentoFarm.start(2, base)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:");
            // web1 may have started on base; it must have been stopped again.
            await().atMost(Duration.ofSeconds(5)).until(() -> canBind(base));
        }
    }

    @Test
    void instancesShareOneOrderSequence() {
        try (MagentoFarm farm = MagentoFarm.start(2)) {
            String first = new Shopper(farm.instance("web1").baseUrl()).browseAndBuy("a@example.com", 1).value();
            String second = new Shopper(farm.instance("web2").baseUrl()).browseAndBuy("b@example.com", 2).value();

            assertThat(first).isEqualTo("000000001");
            assertThat(second).isEqualTo("000000002");
        }
    }

    @Test
    void badArguments_areRefusedWithTheExpectedRange() {
        assertThatThrownBy(() -> MagentoFarm.start(0)).hasMessage("instances: 0 (expected: 1..64)");
        assertThatThrownBy(() -> MagentoFarm.start(3, 65_534))
                .hasMessage("basePort: 65534 (expected: 0, or 1..65533 so that 3 consecutive ports fit)");
        try (MagentoFarm farm = MagentoFarm.start(1)) {
            assertThatThrownBy(() -> farm.instance("web9")).hasMessage("instance: 'web9' (expected one of [web1])");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
