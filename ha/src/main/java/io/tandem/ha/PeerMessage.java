package io.tandem.ha;

import java.util.Objects;

/**
 * A message of the application (not of the election) from another member of the group, received
 * on the HA channel: for example a step of a pair-wide key rotation. The body is opaque to the HA
 * layer; it travels in clear text and may be read, dropped, repeated or forged by anybody who
 * reaches the HA port, so whatever it carries must protect itself (encrypt and authenticate).
 *
 * @param fromNodeId the node id the sending member published when it joined
 * @param body       printable text, at most {@link #MAX_BODY} characters
 */
public record PeerMessage(String fromNodeId, String body) {

    /** Longest body sent or delivered; longer ones are refused when sent and dropped when received. */
    public static final int MAX_BODY = 8192;

    public PeerMessage {
        Objects.requireNonNull(fromNodeId, "fromNodeId");
        Objects.requireNonNull(body, "body");
    }
}
