package io.tandem.waf.session;

import io.tandem.waf.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the session rules decided for one request: the {@link Verdict} (the first blocking one of
 * the rules that fired, in rule order, else the first alert, else pass), every verdict that fired,
 * and the checkpoint to put into the next cookie if it changed. Immutable.
 */
public final class SessionDecision {

    private static final SessionDecision PASS = new SessionDecision(Verdict.PASS, List.of(), null);

    private final Verdict verdict;
    private final List<Verdict> fired;
    private final byte[] checkpoint;

    private SessionDecision(Verdict verdict, List<Verdict> fired, byte[] checkpoint) {
        this.verdict = verdict;
        this.fired = fired;
        this.checkpoint = checkpoint;
    }

    static SessionDecision pass() {
        return PASS;
    }

    /** @param checkpoint the new checkpoint, {@code null} when the cookie's is still right */
    static SessionDecision of(List<Verdict> fired, byte[] checkpoint) {
        Objects.requireNonNull(fired, "fired");
        if (fired.isEmpty() && checkpoint == null) {
            return PASS;
        }
        Verdict verdict = Verdict.PASS;
        for (Verdict v : fired) {
            if (v.blocks()) {
                verdict = v;
                break;
            }
        }
        if (verdict == Verdict.PASS && !fired.isEmpty()) {
            verdict = fired.get(0);
        }
        return new SessionDecision(verdict, List.copyOf(fired), checkpoint);
    }

    /** The verdict for the request. */
    public Verdict verdict() {
        return verdict;
    }

    /** Every verdict that fired, in rule order (start pages, page order, rate limits; each in configuration order). */
    public List<Verdict> fired() {
        return fired;
    }

    /**
     * The checkpoint to write into the session cookie sent with this response
     * ({@code cookie.withCheckpoint(bytes)}), when it differs from the one the request carried;
     * empty when the cookie needs no new checkpoint. Zero bytes (present) mean: remove it. Only in
     * {@code after-failover: checkpoint} mode.
     */
    public Optional<byte[]> checkpoint() {
        return checkpoint == null ? Optional.empty() : Optional.of(checkpoint.clone());
    }

    @Override
    public String toString() {
        return "SessionDecision[" + verdict + (fired.size() > 1 ? ", fired " + fired.size() : "")
                + (checkpoint == null ? "" : ", checkpoint " + checkpoint.length + " bytes") + "]";
    }
}
