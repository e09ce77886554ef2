package io.tandem.waf.detect.sql;

import java.util.List;

/**
 * The SQL injection check: tokenize a value in the unquoted, single-quoted and double-quoted
 * contexts (the quoted ones only when the value contains that quote), fold, and let
 * {@link SqlGrammar} judge. Pure and thread-safe; linear in the input (at most
 * {@value #MAX_TOKENS} tokens per context).
 */
public final class SqlInjection {

    static final int MAX_TOKENS = 256;

    /**
     * @param reason      the shape that matched ({@code union}, {@code boolean}, ...)
     * @param fingerprint the folded token types, for the attack log
     * @param start       where the matched tokens start in the value
     * @param end         where they end
     */
    public record Result(String reason, String fingerprint, int start, int end) {
    }

    private SqlInjection() {
    }

    /** The injection found in {@code value}, or {@code null}. */
    public static Result check(String value) {
        return check(value, true);
    }

    /**
     * As {@link #check(String)}; {@code anywhereWords}: whether a word of {@link #ANYWHERE_WORD_LIST}
     * may occur in the value at all (false when a gate has ruled it out).
     */
    public static Result check(String value, boolean anywhereWords) {
        return check(value, anywhereWords, ANY_FEATURES);
    }

    /**
     * As {@link #check(String, boolean)}; {@code features}: the {@link io.tandem.waf.Features} bits
     * of every character the value may contain (the caller's summary, or {@link #ANY_FEATURES}). A
     * character whose bit is absent is known not to occur, which spares the scans for it: the
     * operators of {@link #wordy}, the quotes of the quoted contexts and the pre-check's markers.
     */
    public static Result check(String value, boolean anywhereWords, int features) {
        if (value.isEmpty()) {
            return null;
        }
        if (!mayContainSql(value, features)) {
            return null;
        }
        int maxWords = wordy(value, anywhereWords, (features & OPERATOR_FEATURES) != 0) ? WORDY_WORDS : MAX_TOKENS;
        Result r = check(value, (char) 0, maxWords);
        boolean quotes = (features & io.tandem.waf.Features.QUOTE) != 0;
        if (r == null && quotes && value.indexOf('\'') >= 0) {
            r = check(value, '\'', maxWords);
        }
        if (r == null && quotes && value.indexOf('"') >= 0) {
            r = check(value, '"', maxWords);
        }
        if (r == null && quotes && value.indexOf('`') >= 0) {
            r = check(value, '`', maxWords);
        }
        return r;
    }

    /** Every {@link io.tandem.waf.Features} bit: nothing is known about the value's characters. */
    public static final int ANY_FEATURES = -1;

    /**
     * Names only SQL uses: system schemas and catalogs, and information functions called with
     * their parenthesis glued on ({@code database(}).
     */
    /** System schemas and catalogs (also the list {@link io.tandem.waf.detect.KeywordGate} gates on). */
    public static final java.util.List<String> SYSTEM_OBJECT_NAMES = java.util.List.of("information_schema", "pg_catalog", "pg_shadow", "pg_user", "msysaccessobjects", "msysobjects",
                    "msysqueries", "msysrelationships", "sysobjects", "syscolumns", "sysusers", "sysdatabases", "sysibm",
                    "mysql.user", "mysql.db", "msdb", "tempdb", "northwind", "all_tables", "all_users", "dba_users",
                    "user_tables", "sqlite_master", "sqlite_temp_master", "schema_name", "rdb$database", "pg_stat_activity");
    private static final java.util.Set<String> SYSTEM_OBJECT_WORDS = java.util.Set.copyOf(SYSTEM_OBJECT_NAMES);
    private static final io.tandem.waf.detect.KeywordSet SYSTEM_OBJECTS = io.tandem.waf.detect.KeywordSet.words(
            SYSTEM_OBJECT_NAMES);
    /**
     * System names long and specific enough to count even glued to other words, as in payloads
     * with the spaces stripped ({@code xfrominformation_schema.tables}).
     */
    private static final io.tandem.waf.detect.KeywordSet GLUED_SYSTEM_OBJECTS = io.tandem.waf.detect.KeywordSet.of(
            java.util.List.of("information_schema", "sqlite_master", "sqlite_temp_master", "msysaccessobjects"));
    private static final io.tandem.waf.detect.KeywordSet INFO_CALLS = io.tandem.waf.detect.KeywordSet.of(
            java.util.List.of("database(", "db_name(", "schema(", "current_user(", "session_user(", "system_user(",
                    "@@version", "@@hostname", "@@datadir", "user_name(", "suser_name(", "current_database("));

    /**
     * Names only SQL uses (system schemas, information functions); no grammar needed.
     *
     * @param systemNames whether a {@link #SYSTEM_OBJECT_NAMES} entry may occur in the value at all
     *                    (false when a gate has ruled it out)
     * @param features    the {@link io.tandem.waf.Features} bits of every character the value may
     *                    contain ({@link #ANY_FEATURES} when unknown), so that the searches for
     *                    {@code (} and {@code @} (the information calls) are skipped where the
     *                    summary rules them out
     */
    public static Result systemObject(String value, boolean systemNames, int features) {
        boolean punctuated = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '_' || c == '.' || c == '$' || c == '(' || c == '@' || c == ' ') {
                punctuated = true;
                break;
            }
        }
        if (!punctuated) {
            // one plain word: a set lookup instead of a scan
            if (value.length() < 4 || value.length() > 17) {
                return null;
            }
            if (!systemNames) {
                return null;
            }
            String word = value.toLowerCase(java.util.Locale.ROOT);
            return SYSTEM_OBJECT_WORDS.contains(word) ? new Result("SQL system object " + word, "", 0, value.length()) : null;
        }
        io.tandem.waf.detect.KeywordSet.Hit hit = systemNames ? SYSTEM_OBJECTS.find(value) : null;
        if (hit == null && systemNames) {
            hit = GLUED_SYSTEM_OBJECTS.find(value);
        }
        // every information call has a '(' or "@@"
        if (hit == null && (has(features, io.tandem.waf.Features.PAREN) && value.indexOf('(') >= 0
                || has(features, io.tandem.waf.Features.AT) && value.indexOf('@') >= 0)) {
            hit = INFO_CALLS.find(value);
            if (hit != null && hit.start() > 0 && Character.isLetterOrDigit(value.charAt(hit.start() - 1))) {
                hit = null;
            }
        }
        return hit == null ? null : new Result("SQL system object " + hit.keyword(), "", hit.start(), hit.end());
    }

    /** The folded fingerprint of {@code value} in a context, for tests and tuning. */
    public static String fingerprint(String value, char quote) {
        return SqlFolder.fingerprint(SqlFolder.fold(SqlTokenizer.tokenize(value, quote, MAX_TOKENS)), 32);
    }

    /**
     * Words read in each context of a wordy value ({@link #wordy}). Prose is nearly all words, and
     * tokenizing it is most of what SQL detection costs on long text fields; an injection made of
     * words alone is short, and the shapes that count wherever they occur keep the full limit
     * through their trigger words. Numbers, operators and punctuation do not count, so a dense
     * probe such as {@code -1 order by 1,2,3,4,5,6,7} (2 words, 17 tokens) is read whole.
     */
    static final int WORDY_WORDS = 16;

    /** Words of the shapes {@link SqlGrammar} accepts anywhere in a value (union, procedure, exec). */
    public static final java.util.List<String> ANYWHERE_WORD_LIST = java.util.List.of("union", "intersect", "except",
            "procedure", "exec", "execute", "select");
    private static final io.tandem.waf.detect.KeywordSet ANYWHERE_WORDS = io.tandem.waf.detect.KeywordSet.words(
            ANYWHERE_WORD_LIST);

    /**
     * Whether the value has none of the operator characters that most injections need
     * ({@code ; = < > @ # * | & \}) and none of the words of shapes that count anywhere: text
     * made of words, numbers and light punctuation, as prose is.
     */
    private static boolean wordy(String v, boolean anywhereWords, boolean operators) {
        if (operators) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 128 && OPERATOR[c]) {
                    return false;
                }
            }
        }
        return !anywhereWords || ANYWHERE_WORDS.find(v) == null;
    }

    /** The characters that make a value not {@link #wordy}. */
    private static final String OPERATOR_CHARS = ";=<>@#*|&\\`";
    private static final boolean[] OPERATOR = new boolean[128];

    static {
        for (char c : OPERATOR_CHARS.toCharArray()) {
            OPERATOR[c] = true;
        }
    }

    /**
     * The {@link io.tandem.waf.Features} of the operator characters: a value whose features have
     * none of these bits has none of the characters, so {@link #check(String, boolean, int)} skips
     * the operator scan of {@link #wordy}. Derived from the same characters, so the two cannot
     * drift apart.
     */
    static final int OPERATOR_FEATURES = io.tandem.waf.Features.of(OPERATOR_CHARS);

    private static Result check(String value, char quote, int maxWords) {
        List<SqlToken> folded = SqlFolder.fold(SqlTokenizer.tokenize(value, quote, MAX_TOKENS, maxWords));
        String reason = SqlGrammar.match(folded, quote != 0);
        if (reason == null) {
            return null;
        }
        int start = folded.get(0).start();
        int end = folded.get(folded.size() - 1).end();
        return new Result(reason + (quote == 0 ? "" : " after " + quote), SqlFolder.fingerprint(folded, 16), start, end);
    }

    /**
     * Words without which no shape the grammar accepts can occur in an unquoted value: logic,
     * union, statements, clauses, and the functions that make an expression dangerous.
     */
    private static final io.tandem.waf.detect.KeywordSet SIGNALS;

    static {
        java.util.Set<String> words = new java.util.HashSet<>();
        words.addAll(SqlVocabulary.UNION);
        words.addAll(SqlVocabulary.STATEMENTS);
        words.addAll(SqlVocabulary.LOGIC);
        words.addAll(SqlVocabulary.NILADIC);
        words.addAll(SqlVocabulary.DANGEROUS_FUNCTIONS);
        words.addAll(java.util.List.of("order", "group", "having", "limit", "into", "procedure", "where", "case", "div",
                "from"));
        SIGNALS = io.tandem.waf.detect.KeywordSet.words(words);
        CALLS = io.tandem.waf.detect.KeywordSet.words(SqlVocabulary.FUNCTIONS);
    }

    /** Known function names: they only matter when the value has a parenthesis. */
    private static final io.tandem.waf.detect.KeywordSet CALLS;

    /**
     * Cheap pre-check: a quote (the quoted contexts), {@code &&}/{@code ||}/{@code @@}, a comment
     * start, or one of the {@link #SIGNALS} words; otherwise nothing can match and tokenizing is
     * skipped. {@code f}: the value's {@link io.tandem.waf.Features} (a search runs only when its
     * character may occur).
     */
    private static boolean mayContainSql(String v, int f) {
        if (has(f, io.tandem.waf.Features.QUOTE) && (v.indexOf('\'') >= 0 || v.indexOf('"') >= 0)
                || has(f, io.tandem.waf.Features.AMP) && v.contains("&&") || has(f, io.tandem.waf.Features.PIPE) && v.contains("||")
                || has(f, io.tandem.waf.Features.AT) && v.contains("@") || has(f, io.tandem.waf.Features.DASH) && v.contains("--")
                || has(f, io.tandem.waf.Features.SLASH) && v.contains("/*")) {
            return true;
        }
        return SIGNALS.find(v) != null || has(f, io.tandem.waf.Features.PAREN) && v.indexOf('(') >= 0 && CALLS.find(v) != null
                || has(f, io.tandem.waf.Features.QUOTE) && v.indexOf('`') >= 0
                || has(f, io.tandem.waf.Features.SEMICOLON) && v.indexOf(';') >= 0 && v.indexOf(' ') > 0
                || has(f, io.tandem.waf.Features.UNDERSCORE) && (v.contains("xp_") || v.contains("XP_"));
    }

    private static boolean has(int features, int bits) {
        return (features & bits) != 0;
    }
}
