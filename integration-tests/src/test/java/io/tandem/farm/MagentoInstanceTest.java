package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Guards an instance's lifecycle as failover tests use it: stop kills the listener (clients get
 * connection refused), start comes back on the same port with the sessions it had, counters and
 * names are what the proxy's health checks and logs will show. Fails if a "dead" instance still
 * answers or comes back elsewhere.
 */
class MagentoInstanceTest {

    @Test
    void stop_refusesConnections_andStartAgain_servesTheSamePortWithTheSameSessions() {
        MagentoInstance web1 = new MagentoInstance("web1", 0).start();
        try {
            int port = web1.port();
            Shopper shopper = new Shopper(web1.baseUrl());
            shopper.addToCart(1, 2).value();

            web1.stop();
            Step<Cart> whileDown = shopper.cart();
            web1.start();
            Step<Cart> afterRestart = shopper.cart();

            assertThat(port).isPositive();
            assertThat(whileDown.failed()).isTrue();
            assertThat(whileDown.hops()).last().isInstanceOf(Hop.NoResponse.class);
            assertThat(web1.port()).isEqualTo(port);
            assertThat(web1.isRunning()).isTrue();
            assertThat(afterRestart.value().lines()).containsExactly(new Cart.Line("24-MB01", 2));
        } finally {
            web1.stop();
        }
    }

    @Test
    void stateAndCounters_followTheLifecycle() {
        MagentoInstance web2 = new MagentoInstance("web2", 0);
        assertThat(web2.isRunning()).isFalse();
        assertThat(web2.port()).isZero();
        web2.start();
        try {
            Shopper shopper = new Shopper(web2.baseUrl());
            shopper.home().value();
            shopper.get("/health").value();

            assertThat(web2.name()).isEqualTo("web2");
            assertThat(web2.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + web2.port());
            assertThat(web2.requestCount()).isEqualTo(2);
            assertThat(web2.sessionCount()).isEqualTo(1);
            assertThat(web2.knowsSession(shopper.cookie("PHPSESSID").orElseThrow())).isTrue();
            assertThat(web2).hasToString("web2 http://127.0.0.1:" + web2.port() + " (running)");
        } finally {
            web2.stop();
        }
        web2.stop(); // a second stop is a no-op
        assertThat(web2.isRunning()).isFalse();
    }

    @Test
    void start_whileRunning_isRefused() {
        MagentoInstance web1 = new MagentoInstance("web1", 0).start();
        try {
            assertThatThrownBy(web1::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("web1: already running on " + web1.baseUrl());
        } finally {
            web1.stop();
        }
    }

    @Test
    void start_onATakenPort_namesInstanceAndPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            MagentoInstance web1 = new MagentoInstance("web1", taken.getLocalPort());

            assertThatThrownBy(web1::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("web1: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (");
            assertThat(web1.isRunning()).isFalse();
        }
    }

    @Test
    void constructor_rejectsBadNamesAndPorts() {
        assertThatThrownBy(() -> new MagentoInstance("Web 1", 0))
                .hasMessage("name: 'Web 1' (expected: [a-z0-9][a-z0-9-]{0,31}, e.g. web1)");
        assertThatThrownBy(() -> new MagentoInstance("web1", 70_000))
                .hasMessage("web1.port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> new MagentoInstance("web1", " ", 0))
                .hasMessage("web1.host: '' (expected: an address such as 127.0.0.1)");
    }
}
