package io.tandem.proxy.admin;

import io.tandem.session.KeyTransport;
import io.tandem.session.SessionKey;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The steps of a pair-wide key rotation as they travel between members on the HA channel
 * ({@link PairChannel}). Tab-separated text: {@code tandem-keys/1 <kind> <group> <rotation> <key>
 * <payload>}. Nothing in a message is secret: a key travels sealed ({@link KeyTransport}), and
 * acknowledgements, aborts and retirements carry a proof that the sender holds the key. Anyone on
 * the HA network can read, drop, repeat or forge messages; the receiver checks every one
 * ({@link PairKeyRotation}).
 */
sealed interface RotationMessage {

    String VERSION = "tandem-keys/1";
    String STAGE = "stage";
    String ACCEPTED = "accepted";
    String DECLINED = "declined";
    String COMMIT = "commit";
    String ABORT = "abort";
    String RETIRE = "retire";
    /** The rotation id of a message that belongs to none (a retirement). */
    String NO_ROTATION = "-";

    String group();

    String rotationId();

    String keyId();

    /** The purpose bound into its seal or proof, so that one kind of message cannot pass for another. */
    String purpose();

    /** What the seal or proof of this message is bound to, sent by {@code sender}. */
    default KeyTransport.Binding binding(String sender) {
        return new KeyTransport.Binding(purpose(), group(), rotationId(), sender, keyId());
    }

    /** Phase one: "accept this key, do not sign with it yet". */
    record Stage(String group, String rotationId, String keyId, KeyTransport.Sealed key) implements RotationMessage {
        @Override
        public String purpose() {
            return STAGE;
        }
    }

    /** "I hold the staged key": the proof is made with it. */
    record Accepted(String group, String rotationId, String keyId, String proof) implements RotationMessage {
        @Override
        public String purpose() {
            return ACCEPTED;
        }
    }

    /** "I cannot accept it", with why (not authenticated: shown to the operator, never acted on but for the status). */
    record Declined(String group, String rotationId, String keyId, String reason) implements RotationMessage {
        @Override
        public String purpose() {
            return DECLINED;
        }
    }

    /**
     * Phase two: "sign with this key". Carries the key sealed again, so that a member that missed
     * the stage (down at the time, or joined later) can still take it.
     */
    record Commit(String group, String rotationId, String keyId, KeyTransport.Sealed key) implements RotationMessage {
        @Override
        public String purpose() {
            return COMMIT;
        }
    }

    /** "Drop the staged key": the proof is made with it, so only a holder of the key can abort. */
    record Abort(String group, String rotationId, String keyId, String proof) implements RotationMessage {
        @Override
        public String purpose() {
            return ABORT;
        }
    }

    /** "Retire this older key once its grace period is over here": the proof is made with it. */
    record Retire(String group, String keyId, String proof) implements RotationMessage {
        @Override
        public String rotationId() {
            return NO_ROTATION;
        }

        @Override
        public String purpose() {
            return RETIRE;
        }
    }

    default String encode() {
        String payload;
        if (this instanceof Stage s) {
            payload = s.key().toText();
        } else if (this instanceof Commit c) {
            payload = c.key().toText();
        } else if (this instanceof Accepted a) {
            payload = a.proof();
        } else if (this instanceof Abort a) {
            payload = a.proof();
        } else if (this instanceof Retire r) {
            payload = r.proof();
        } else {
            payload = Codec.printable(((Declined) this).reason());
        }
        return String.join("\t", VERSION, purpose(), group(), rotationId(), keyId(), payload);
    }

    /** @return empty for anything that is not a well-formed message of this version (it is then ignored) */
    static Optional<RotationMessage> decode(String text) {
        String[] f = Codec.TAB.split(text, -1);
        if (f.length != 6 || !f[0].equals(VERSION) || !Codec.GROUP.matcher(f[2]).matches()
                || !SessionKey.isValidId(f[4])) {
            return Optional.empty();
        }
        String group = f[2];
        String rotation = f[3];
        String key = f[4];
        boolean hasRotation = RotationState.ROTATION_ID.matcher(rotation).matches();
        boolean proofOk = Codec.PROOF.matcher(f[5]).matches();
        return Optional.ofNullable(switch (f[1]) {
            case STAGE -> hasRotation ? KeyTransport.Sealed.parse(f[5]).map(s -> new Stage(group, rotation, key, s))
                    .orElse(null) : null;
            case COMMIT -> hasRotation ? KeyTransport.Sealed.parse(f[5]).map(s -> new Commit(group, rotation, key, s))
                    .orElse(null) : null;
            case ACCEPTED -> hasRotation && proofOk ? new Accepted(group, rotation, key, f[5]) : null;
            case ABORT -> hasRotation && proofOk ? new Abort(group, rotation, key, f[5]) : null;
            case DECLINED -> hasRotation ? new Declined(group, rotation, key, Codec.printable(f[5])) : null;
            case RETIRE -> rotation.equals(NO_ROTATION) && proofOk ? new Retire(group, key, f[5]) : null;
            default -> null;
        });
    }

    /** Shared patterns and helpers of the text form. */
    final class Codec {
        static final Pattern TAB = Pattern.compile("\t");
        static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
        static final Pattern PROOF = Pattern.compile("[A-Za-z0-9_-]{43}");
        static final int MAX_REASON = 200;

        private Codec() {
        }

        /** At most {@value #MAX_REASON} printable ASCII characters; anything else becomes {@code ?}. */
        static String printable(String text) {
            Objects.requireNonNull(text, "text");
            StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON));
            for (int i = 0; i < text.length() && out.length() < MAX_REASON; i++) {
                char c = text.charAt(i);
                out.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
            return out.toString();
        }
    }
}
