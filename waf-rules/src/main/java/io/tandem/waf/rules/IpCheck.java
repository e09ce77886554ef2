package io.tandem.waf.rules;

import io.tandem.config.Cidr;
import java.util.List;

/** Whether the client address lies in one of a list of networks (IPv4 and IPv6, CIDR). */
public final class IpCheck implements Check {

    private final List<Cidr> networks;

    public IpCheck(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * Parses the networks, reporting every bad entry at once.
     *
     * @param path the configuration path for error messages ({@code ip-lists[0].networks})
     */
    public static IpCheck parse(String path, List<String> cidrs) {
        List<String> problems = new java.util.ArrayList<>();
        List<Cidr> parsed = new java.util.ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                parsed.add(Cidr.parse(cidrs.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(path + "[" + i + "]: " + cidrs.get(i) + " (expected: an IPv4 or IPv6 address or CIDR)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new IpCheck(parsed);
    }

    public boolean contains(java.net.InetAddress address) {
        for (Cidr c : networks) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Finding find(io.tandem.waf.RequestView request, java.util.function.Predicate<io.tandem.waf.Target> excluded) {
        for (Cidr c : networks) {
            if (c.contains(request.clientAddress())) {
                return Finding.request("client " + request.clientAddress().getHostAddress() + " in " + c, c.toString());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
