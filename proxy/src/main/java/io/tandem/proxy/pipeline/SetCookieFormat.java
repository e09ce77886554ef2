package io.tandem.proxy.pipeline;

import java.util.Objects;

/**
 * How Tandem's session cookie is written: {@code Path=/; HttpOnly; SameSite=Lax}, plus {@code Secure}
 * when configured. No {@code Max-Age}: like FortiWeb's it is a browser-session cookie, and expiry is
 * enforced from the signed times inside it, which the client cannot extend.
 */
public record SetCookieFormat(String name, boolean secure) {

    public SetCookieFormat {
        Objects.requireNonNull(name, "name");
    }

    String format(String value) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
