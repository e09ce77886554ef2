package io.tandem.waf.rules;

import io.tandem.waf.RequestView;
import io.tandem.waf.TrustRule;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An allow rule: a trusted IP network or a URL access rule with action allow. When it trusts a
 * request, the engine skips every later rule. In monitor mode nothing is trusted silently either:
 * trust still applies (it never blocks), so monitor mode needs no special case here.
 */
public final class TrustingRule implements TrustRule {

    private final String id;
    private final Predicate<RequestView> condition;
    private final String description;

    public TrustingRule(String id, Predicate<RequestView> condition, String description) {
        this.id = Objects.requireNonNull(id, "id");
        this.condition = Objects.requireNonNull(condition, "condition");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean trusts(RequestView request) {
        return condition.test(request);
    }

    @Override
    public String toString() {
        return id + "(allow " + description + ")";
    }
}
