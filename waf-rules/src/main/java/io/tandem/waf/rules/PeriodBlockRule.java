package io.tandem.waf.rules;

import io.tandem.waf.Action;
import io.tandem.waf.Match;
import io.tandem.waf.RequestView;
import io.tandem.waf.Rule;
import io.tandem.waf.Severity;
import io.tandem.waf.Verdict;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Enforces period blocks that other rules recorded: a request from a blocked client address or
 * session gets a {@link Verdict.PeriodBlock} for the time left, naming the rule that caused it.
 * In monitor mode it only alerts. Put it first, after the trust rules.
 */
public final class PeriodBlockRule implements Rule {

    public static final String ID = "period-block";

    private final PeriodBlocks blocks;
    private final boolean monitor;

    public PeriodBlockRule(PeriodBlocks blocks, boolean monitor) {
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.monitor = monitor;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Verdict evaluate(RequestView request) {
        if (blocks.size() == 0) {
            return Verdict.PASS;
        }
        for (Action.BlockScope scope : Action.BlockScope.values()) {
            String key = key(request, scope);
            PeriodBlocks.Block b = key == null ? null : blocks.blocked(key);
            if (b != null) {
                String reason = "blocked by " + b.ruleId() + " until " + b.until() + ": " + b.reason();
                Match match = new Match("period-block", Severity.HIGH, null, "", reason, key);
                return monitor ? new Verdict.Alert(ID, "monitor: " + reason, match)
                        : new Verdict.PeriodBlock(ID, reason, blocks.remaining(b), match);
            }
        }
        return Verdict.PASS;
    }

    /** The block key of a request for a scope, or {@code null} (no session id for a session scope). */
    static String key(RequestView request, Action.BlockScope scope) {
        return switch (scope) {
            case CLIENT_ADDRESS -> clientKey(request.clientAddress());
            case SESSION -> request.sessionId().isEmpty() ? null : sessionKey(request.sessionId());
        };
    }

    /** The block key of a client address: {@code ip:<address>}. */
    public static String clientKey(InetAddress client) {
        return "ip:" + client.getHostAddress();
    }

    /** The block key of a session ({@code RequestView.sessionId()}): {@code session:<id>}. */
    public static String sessionKey(String sessionId) {
        return "session:" + sessionId;
    }

    @Override
    public String toString() {
        return ID + (monitor ? "(monitor)" : "");
    }
}
