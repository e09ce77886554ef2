package io.tandem.proxy.pipeline;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals from headers without ever resolving a host name. */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The address, or {@code null} when {@code text} is not an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        String literal = text;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        boolean colon = false;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (c == ':') {
                colon = true;
            } else if (!hex && c != '.') {
                return null; // a host name or junk: InetAddress would try DNS on it
            }
        }
        if (!colon && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
