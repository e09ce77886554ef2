package io.tandem.proxy.pipeline;

import io.tandem.config.Cidr;
import io.tandem.config.IpLiterals;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Determines the client address. {@code X-Forwarded-For} is believed only when the connection comes
 * from a configured trusted proxy, and then only as far back as the chain stays within trusted
 * proxies: the right-most untrusted address is the client, because every hop left of it could have
 * been written by the client itself.
 *
 * <p>The resolved address becomes the exchange's source address, so the backend receives it in the
 * {@code X-Forwarded-For} that Undertow's proxy writes.
 */
public final class ClientAddressHandler implements HttpHandler {

    private final List<Cidr> trustedProxies;
    private final HttpHandler next;

    public ClientAddressHandler(List<Cidr> trustedProxies, HttpHandler next) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetSocketAddress peer = exchange.getSourceAddress();
        InetAddress client = resolve(peer.getAddress(), exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR));
        exchange.putAttachment(ExchangeKeys.CLIENT_ADDRESS, client);
        if (!client.equals(peer.getAddress())) {
            exchange.setSourceAddress(new InetSocketAddress(client, 0));
        }
        next.handleRequest(exchange);
    }

    InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        if (forwardedFor == null || forwardedFor.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        InetAddress client = peer;
        // Several header lines are one list, in order.
        String[] hops = String.join(",", forwardedFor).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = IpLiterals.parseOrNull(hops[i].trim());
            if (hop == null) {
                return client; // garbage in the chain: trust nothing left of it
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "client-address(trusted-proxies: " + trustedProxies.stream().map(Cidr::toString)
                .collect(Collectors.joining(", ", "[", "]")) + ")";
    }
}
