package io.tandem.waf.rules;

import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import java.util.function.Predicate;

/**
 * What a rule looks for. Pure and thread-safe; never throws on a well-formed {@link RequestView}.
 * Arguments were checked when the check was built.
 */
@FunctionalInterface
public interface Check {

    /**
     * The first finding, or {@code null}.
     *
     * @param excluded targets an exception excludes (by argument name); checks that look at
     *                 targets skip them, request-level checks ignore it
     */
    Finding find(RequestView request, Predicate<Target> excluded);
}
