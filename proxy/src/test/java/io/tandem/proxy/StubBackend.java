package io.tandem.proxy;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that names itself in {@code X-Backend}, sets an application cookie like a shop would and
 * echoes what it received (Cookie and Upgrade headers) so tests can see what Tandem forwarded.
 */
final class StubBackend implements AutoCloseable {

    private final String name;
    private final AtomicInteger requests = new AtomicInteger();
    private Undertow server;
    private int port;

    StubBackend(String name) {
        this.name = name;
    }

    StubBackend start() {
        server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setIoThreads(1)
                .setHandler(exchange -> {
                    requests.incrementAndGet();
                    exchange.getResponseHeaders().put(new HttpString("X-Backend"), name);
                    exchange.getResponseHeaders().add(Headers.SET_COOKIE, "PHPSESSID=" + name + "-sess; Path=/; HttpOnly");
                    exchange.getResponseHeaders().add(Headers.SET_COOKIE, "form_key=" + name + "-key; Path=/");
                    String cookie = exchange.getRequestHeaders().getFirst(Headers.COOKIE);
                    String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
                    exchange.getResponseSender().send("backend=" + name + "\ncookie=" + cookie + "\nupgrade=" + upgrade
                            + "\nxff=" + exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_FOR) + "\n");
                })
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    int requests() {
        return requests.get();
    }

    void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
