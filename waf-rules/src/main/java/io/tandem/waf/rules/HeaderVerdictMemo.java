package io.tandem.waf.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;

/**
 * Remembers, per header value, which signature detectors found nothing in it. Browsers send the
 * same {@code User-Agent}, {@code Accept-Language} and the like on every request, and the
 * detectors are pure functions of the value, so inspecting each distinct header value once is
 * enough. Query and form arguments, cookies and bodies are always inspected.
 *
 * <p>Bounded: values up to {@value #MAX_VALUE_LENGTH} characters, at most {@value #MAX_ENTRIES}
 * of them (Caffeine's admission policy keeps a flood of one-off values from evicting the common
 * ones). One lookup per header per request, loaded into the {@link Target}.
 */
public final class HeaderVerdictMemo {

    static final int MAX_VALUE_LENGTH = 512;
    static final int MAX_ENTRIES = 4096;

    /** The detectors are the same in every engine, so one memo serves all of them. */
    static final HeaderVerdictMemo SHARED = new HeaderVerdictMemo(MAX_ENTRIES);

    private record Key(String name, String value) {
    }

    private final Cache<Key, Long> passed;

    HeaderVerdictMemo(int maxEntries) {
        this.passed = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    static boolean applies(Target target) {
        return target.location() == Location.HEADER && target.derivedFrom().isEmpty()
                && target.value().length() <= MAX_VALUE_LENGTH;
    }

    /** The detector bits known to pass on this target's value (looked up once per target). */
    long passed(Target target) {
        Target.Memo memo = target.memo();
        if (!memo.loaded) {
            Long bits = passed.getIfPresent(new Key(target.name(), target.value()));
            memo.bits |= bits == null ? 0 : bits;
            memo.loaded = true;
        }
        return memo.bits;
    }

    /** How many values are remembered (after pending evictions). */
    long size() {
        passed.cleanUp();
        return passed.estimatedSize();
    }

    /**
     * Notes that the detector of {@code bit} found nothing in this target's value; {@link #flush}
     * stores what a request learned in one write per value (a header that differs on every
     * request, such as a trace id, then costs one cache write, not one per detector).
     */
    void recordPass(Target target, long bit) {
        Target.Memo memo = target.memo();
        memo.bits |= bit;
        memo.learned |= bit;
    }

    /** Stores the bits learned about these targets. */
    void flush(java.util.List<Target> targets) {
        for (Target target : targets) {
            Target.Memo memo = target.memoIfAny();
            if (memo != null && memo.learned != 0) {
                passed.asMap().merge(new Key(target.name(), target.value()), memo.learned, (a, b) -> a | b);
                memo.learned = 0;
            }
        }
    }

    /** Stores what the signature rules learned about {@code request}'s header values; call after evaluating it. */
    public static void remember(RequestView request) {
        SHARED.flush(request.targetsIfBuilt());
    }
}
