package io.tandem.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.PoolConfig;
import io.undertow.client.UndertowClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;

class BackendSelectorTest {

    private final Backend b1 = backend("b1");
    private final Backend b2 = backend("b2");
    private final Backend b3 = backend("b3");
    private final BackendSelector roundRobin = new BackendSelector(List.of(b1, b2, b3), PoolConfig.Balance.ROUND_ROBIN);

    @Test
    void select_withoutTarget_spreadsOverAllBackends() {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picked.add(roundRobin.select("", List.of()).id());
        }
        assertThat(picked).containsExactly("b1", "b2", "b3", "b1", "b2", "b3");
    }

    @Test
    void select_keepsThePersistenceTarget() {
        for (int i = 0; i < 5; i++) {
            assertThat(roundRobin.select("b2", List.of())).isSameAs(b2);
        }
    }

    @Test
    void select_movesTheSession_whenItsBackendIsDown() {
        b2.setUp(false, "test");
        assertThat(roundRobin.select("b2", List.of())).isIn(b1, b3);
    }

    @Test
    void select_skipsBackendsAlreadyTriedForTheRequest() {
        assertThat(roundRobin.select("b2", List.of(b2, b1))).isSameAs(b3);
        assertThat(roundRobin.select("", List.of(b1, b2, b3))).isNull();
    }

    @Test
    void select_unknownTarget_fallsBackToBalance() {
        assertThat(roundRobin.select("gone", List.of())).isNotNull();
    }

    @Test
    void select_noHealthyBackend_givesNull() {
        b1.setUp(false, "test");
        b2.setUp(false, "test");
        b3.setUp(false, "test");
        assertThat(roundRobin.select("b1", List.of())).isNull();
    }

    @Test
    void leastConnections_prefersTheLeastBusy() {
        BackendSelector least = new BackendSelector(List.of(b1, b2, b3), PoolConfig.Balance.LEAST_CONNECTIONS);
        b1.requestStarted();
        b3.requestStarted();
        assertThat(least.select("", List.of())).isSameAs(b2);
    }

    private static Backend backend(String id) {
        return new Backend(id, URI.create("http://127.0.0.1:1"), 1, 0, UndertowClient.getInstance(), OptionMap.EMPTY);
    }
}
