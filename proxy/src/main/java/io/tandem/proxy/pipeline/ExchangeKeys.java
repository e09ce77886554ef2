package io.tandem.proxy.pipeline;

import io.undertow.util.AttachmentKey;
import java.net.InetAddress;

/**
 * Typed per-request state that travels between pipeline stages. Each stage writes its own key and
 * later stages read it; nothing is passed in maps of strings.
 */
public final class ExchangeKeys {

    /** Set by {@link RequestIdHandler}: the id that appears in every log line of the request. */
    public static final AttachmentKey<String> REQUEST_ID = AttachmentKey.create(String.class);

    /** Set by {@link ClientAddressHandler}: the client after trusted-proxy resolution. */
    public static final AttachmentKey<InetAddress> CLIENT_ADDRESS = AttachmentKey.create(InetAddress.class);

    /** Set by {@link SessionHandler}: the session this request belongs to. */
    public static final AttachmentKey<SessionContext> SESSION = AttachmentKey.create(SessionContext.class);

    /** Set by {@link RuleStageHandler}: what the rules decided. */
    public static final AttachmentKey<io.tandem.waf.Verdict> VERDICT = AttachmentKey.create(io.tandem.waf.Verdict.class);

    /**
     * Set by {@link RuleStageHandler} when the session rules' continuity checkpoint changed: the
     * bytes {@link SessionHandler} puts into the re-issued cookie.
     */
    public static final AttachmentKey<byte[]> CHECKPOINT = AttachmentKey.create(byte[].class);

    /**
     * Set by the backend pool each time it picks a backend for the request (a retry overwrites it):
     * the id that becomes the session's persistence target.
     */
    public static final AttachmentKey<String> BACKEND_ID = AttachmentKey.create(String.class);

    /** Set by the backend pool when it could not hand the request to any backend, and why. */
    public static final AttachmentKey<ProxyFailure> PROXY_FAILURE = AttachmentKey.create(ProxyFailure.class);

    /**
     * Set by {@link RequestBodyReader} and {@link StreamedBodyGuard} when the client's body was
     * broken, too long or too slow: what the access log records as the request's status.
     */
    public static final AttachmentKey<RequestFailure> REQUEST_FAILURE = AttachmentKey.create(RequestFailure.class);

    private ExchangeKeys() {
    }
}
