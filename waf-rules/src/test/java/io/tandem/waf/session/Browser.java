package io.tandem.waf.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client with a one-cookie jar. It keeps every cookie it was given, so a test can replay an
 * older one (what an attacker does), and may ignore Set-Cookie altogether.
 */
final class Browser {

    private final InetAddress address;
    private final List<String> received = new ArrayList<>();
    private String cookie;
    private boolean ignoresSetCookie;

    Browser(String address) {
        try {
            this.address = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    InetAddress address() {
        return address;
    }

    String cookie() {
        return cookie;
    }

    void receive(Member.Response response) {
        if (response.setCookie() != null) {
            received.add(response.setCookie());
            if (!ignoresSetCookie || cookie == null) {
                cookie = response.setCookie();
            }
        }
    }

    /** From now on keeps sending the cookie it has (a replaying client). */
    Browser ignoringSetCookie() {
        ignoresSetCookie = true;
        return this;
    }

    /** Sends the {@code n}-th cookie it was ever given (0 = the first) from now on. */
    Browser replay(int n) {
        cookie = received.get(n);
        return this;
    }

    /** Sends the newest cookie it was given. */
    Browser newest() {
        cookie = received.get(received.size() - 1);
        return this;
    }

    int cookiesReceived() {
        return received.size();
    }
}
