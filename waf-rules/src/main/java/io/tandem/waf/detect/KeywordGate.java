package io.tandem.waf.detect;

import io.tandem.waf.Target;
import io.tandem.waf.detect.sql.SqlInjection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over a value's decoded form, in any case ({@link Target#keywordTags}), that tells every
 * detector whether any keyword of its long keyword lists occurs at all. On text without them
 * (prose, most form fields) the detectors skip their own scans, which otherwise each cost as much
 * as this one. A gate only says "perhaps": a detector whose group is present still runs its own
 * search, with its own boundaries and context.
 *
 * <p>A group's keywords are the detector's keywords as they occur in the lower-cased value (a
 * trailing space dropped). For searches in the percent-decoded form the gate holds only when
 * entity and escape decoding changed nothing ({@link #mayHaveUrlDecoded}).
 */
public final class KeywordGate {

    public static final long SQL_SYSTEM = 1;
    public static final long SQL_ANYWHERE = 1 << 1;
    public static final long RCE_TOOLS = 1 << 2;
    public static final long RCE_IF = 1 << 3;
    public static final long JAVA_CLASSES = 1 << 4;
    public static final long JAVA_OGNL = 1 << 5;
    public static final long PHP_HIGH_RISK = 1 << 6;
    public static final long XSS_PROPERTIES = 1 << 7;
    public static final long NODE_WORDS = 1 << 8;
    public static final long SCANNER_OAST = 1 << 9;
    public static final long LFI_FILES = 1 << 10;
    public static final long JAVA_MARKERS = 1 << 11;
    public static final long XSS_BRACKET_OWNERS = 1 << 12;
    public static final long SSRF_HOSTS = 1 << 13;

    private static final KeywordSet ALL = build();

    private KeywordGate() {
    }

    private static KeywordSet build() {
        Map<String, Long> tags = new HashMap<>();
        add(tags, SQL_SYSTEM, SqlInjection.SYSTEM_OBJECT_NAMES);
        add(tags, SQL_ANYWHERE, SqlInjection.ANYWHERE_WORD_LIST);
        add(tags, RCE_TOOLS, CommandInjectionDetector.WIN_TOOL_WORD_LIST);
        add(tags, RCE_IF, CommandInjectionDetector.WIN_IF_WORD_LIST);
        add(tags, JAVA_CLASSES, JavaInjectionDetector.PACKAGE_LIST);
        add(tags, JAVA_CLASSES, JavaInjectionDetector.GADGET_LIST);
        add(tags, JAVA_OGNL, JavaInjectionDetector.OGNL_WORD_LIST);
        add(tags, JAVA_MARKERS, JavaInjectionDetector.SERIALIZED_MARKERS);
        add(tags, PHP_HIGH_RISK, PhpInjectionDetector.HIGH_RISK_LIST);
        add(tags, XSS_PROPERTIES, XssDetector.PROPERTY_WORD_LIST);
        add(tags, XSS_BRACKET_OWNERS, XssDetector.BRACKET_OWNER_LIST);
        add(tags, NODE_WORDS, NodeInjectionDetector.SIGN_WORD_LIST);
        add(tags, SCANNER_OAST, ScannerDetector.OAST_LIST);
        add(tags, LFI_FILES, PathTraversalDetector.FILE_ANCHORS);
        add(tags, SSRF_HOSTS, SsrfDetector.METADATA_HOSTS.stream().filter(h -> h.contains(".")).toList());
        return KeywordSet.tagged(tags);
    }

    private static void add(Map<String, Long> tags, long group, List<String> keywords) {
        for (String k : keywords) {
            String key = k.strip();
            if (!key.isEmpty()) {
                tags.merge(key, group, (a, b) -> a | b);
            }
        }
    }

    /** Whether a keyword of {@code group} may occur in the value's decoded form (or any form equal to it but for case). */
    public static boolean mayHave(Target target, long group) {
        return (groups(target) & group) != 0;
    }

    /** The groups of which a keyword may occur in the value's decoded form. */
    public static long groups(Target target) {
        return target.keywordTags(ALL);
    }

    /** As {@link #groups}, for searches in the percent-decoded form: every group when further decoding changed the value. */
    public static long groupsUrlDecoded(Target target) {
        return target.decoded() != target.urlDecoded() ? -1L : groups(target);
    }

    /** As {@link #mayHave}, for searches in the percent-decoded form: always true when further decoding changed the value. */
    public static boolean mayHaveUrlDecoded(Target target, long group) {
        return (groupsUrlDecoded(target) & group) != 0;
    }
}
