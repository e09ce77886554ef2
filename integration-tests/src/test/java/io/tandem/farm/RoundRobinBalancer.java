package io.tandem.farm;

import io.undertow.Undertow;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * The wrong way to put a Magento farm behind a proxy: Undertow's reverse proxy spreading requests
 * round-robin with no session persistence (PHPSESSID is not among its sticky cookies). Tests use
 * it to show what Tandem's persistence prevents: carts vanish, form keys go invalid.
 */
final class RoundRobinBalancer implements AutoCloseable {

    private final Undertow server;

    private RoundRobinBalancer(Undertow server) {
        this.server = server;
    }

    static RoundRobinBalancer start(List<URI> backends) {
        LoadBalancingProxyClient client = new LoadBalancingProxyClient().setConnectionsPerThread(4);
        backends.forEach(client::addHost);
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setHandler(ProxyHandler.builder().setProxyClient(client).setMaxRequestTime(5_000).build())
                .build();
        server.start();
        return new RoundRobinBalancer(server);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }

    @Override
    public void close() {
        server.stop();
    }
}
