package io.tandem.waf.session;

import io.tandem.waf.Action;
import io.tandem.waf.Location;
import io.tandem.waf.Match;
import io.tandem.waf.Severity;
import io.tandem.waf.Verdict;
import io.tandem.waf.parse.Excerpts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * What the three kinds of session rule share: stable id, tag, category, action and monitor mode,
 * and how a match becomes a {@link Verdict}. Immutable; the checks themselves are pure methods of
 * the subclasses, and all state lives in {@code RuleState} or the {@link SessionRuleStore}.
 */
abstract class SessionRule {

    final String id;
    final int tag;
    final String category;
    final Action action;
    final boolean monitor;

    SessionRule(String id, String category, String definition, Action action, boolean monitor) {
        this.id = Objects.requireNonNull(id, "id");
        this.category = category;
        this.tag = tag(category, id, definition);
        this.action = Objects.requireNonNull(action, "action");
        this.monitor = monitor;
    }

    /**
     * The 16-bit key of this rule's state in the local history and the cookie checkpoint: the
     * first two bytes of SHA-256 over kind, id and the parts of the definition that give the
     * state its meaning. A rule that keeps them across a reload keeps its state; one that changes
     * them starts afresh (an entry of another tag is ignored). Collisions are refused at build.
     */
    static int tag(String kind, String id, String definition) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((kind + '\n' + id + '\n' + definition).getBytes(StandardCharsets.UTF_8));
            return (d[0] & 0xFF) << 8 | (d[1] & 0xFF);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this platform", e);
        }
    }

    /** The verdict of a match on {@code path}; an alert in monitor mode. */
    Verdict verdict(String reason, String path) {
        Match match = new Match(category, Severity.MEDIUM, Location.PATH, "", reason, Excerpts.escape(path, 96));
        if (monitor) {
            return new Verdict.Alert(id, "monitor (" + action + "): " + reason, match);
        }
        return action.verdict(id, reason, match);
    }

    /** Whether a verdict of this rule records a period block. */
    boolean recordsBlock() {
        return !monitor && action.kind() == Action.Kind.PERIOD_BLOCK;
    }

    static String escaped(String configured) {
        return Excerpts.escape(configured, 200);
    }
}
