package io.tandem.waf.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tandem.waf.Features;
import io.tandem.waf.Location;
import io.tandem.waf.Target;
import io.tandem.waf.transform.CommentRemoval;
import java.util.List;

/**
 * PHP code injection: open tags ({@code <?php}, {@code <?=}), superglobals ({@code $_SERVER}),
 * calls of functions that run code or commands or touch files ({@code system(}, {@code eval (}),
 * the names of high-risk functions anywhere ({@code base64_decode}, {@code get_defined_functions}),
 * serialized objects ({@code O:8:"stdClass":...}), variable functions ({@code $a(1)},
 * {@code (system)('id')}), configuration directives ({@code allow_url_include=}), stream wrappers
 * ({@code php://}, {@code phar://}) and uploads of PHP files.
 */
public final class PhpInjectionDetector implements Detector {

    private static final KeywordSet SUPERGLOBALS = KeywordSet.of(List.of("$_get", "$_post", "$_cookie", "$_server",
            "$_request", "$_files", "$_env", "$_session", "$globals", "$http_raw_post_data", "$http_get_vars",
            "$http_post_vars", "$http_server_vars", "$http_cookie_vars"));

    /** Functions whose call in a parameter is code: execution, evaluation, file and network access. */
    private static final KeywordSet CALLS = KeywordSet.words(List.of("system", "exec", "shell_exec", "passthru",
            "popen", "proc_open", "pcntl_exec", "eval", "assert", "create_function", "call_user_func",
            "call_user_func_array", "preg_replace", "include", "include_once", "require", "require_once",
            "file_get_contents", "file_put_contents", "fopen", "fwrite", "fputs", "fread", "fgets", "readfile",
            "file", "unlink", "rmdir", "mkdir", "chmod", "chown", "copy", "rename", "symlink", "move_uploaded_file",
            "base64_decode", "gzinflate", "gzuncompress", "gzdecode", "str_rot13", "convert_uuencode", "unserialize",
            "phpinfo", "php_uname", "getenv", "putenv", "ini_set", "ini_get", "set_time_limit", "dl", "fsockopen",
            "pfsockopen", "stream_socket_client", "curl_init", "curl_exec", "curl_setopt", "highlight_file",
            "show_source", "print_r", "var_dump", "var_export", "chr", "ord", "posix_getpwuid", "posix_setuid",
            "posix_kill", "array_map", "array_filter", "usort", "uasort", "register_shutdown_function",
            "register_tick_function", "ob_start", "mail", "mb_send_mail", "header", "extract", "parse_str",
            "apache_setenv", "scandir", "glob", "opendir", "readdir", "tempnam", "tmpfile", "get_defined_vars",
            "get_defined_functions", "get_defined_constants", "phpversion", "bzdecompress", "escapeshellcmd",
            "escapeshellarg", "assert_options", "settype", "gethostbyname", "checkdate", "date_add", "array_diff",
            "chroot", "fpassthru", "file_exists", "is_writable", "lstat", "stat", "filemtime", "posix_getegid",
            "posix_geteuid", "posix_getgid", "posix_getuid", "posix_getpid", "posix_uname", "posix_mkfifo"));

    /** Names that are PHP internals even without a call (rarely anything else). */
    static final List<String> HIGH_RISK_LIST = List.of("base64_decode", "bzdecompress",
            "call_user_func", "call_user_func_array", "create_function", "file_get_contents", "file_put_contents",
            "fsockopen", "get_defined_functions", "get_defined_vars", "get_defined_constants", "gzinflate",
            "gzuncompress", "gzdecode", "highlight_file", "move_uploaded_file", "passthru", "pcntl_exec", "phpinfo",
            "php_uname", "popen", "proc_open", "shell_exec", "show_source", "str_rot13", "posix_getpwuid",
            "posix_setuid", "assert_options", "convert_uuencode", "register_shutdown_function", "escapeshellcmd",
            "stream_socket_client", "curl_exec", "ini_get_all", "get_cfg_var", "apache_child_terminate");
    private static final KeywordSet HIGH_RISK_NAMES = KeywordSet.of(HIGH_RISK_LIST);

    /** The high-risk names without an underscore, for a set lookup on one-word values. */
    private static final java.util.Set<String> HIGH_RISK_PLAIN = java.util.Set.of("bzdecompress", "gzinflate",
            "gzuncompress", "gzdecode", "passthru", "phpinfo", "popen");

    private static final List<String> DIRECTIVE_LIST = List.of("allow_url_fopen", "allow_url_include",
            "auto_prepend_file", "auto_append_file", "disable_functions", "disable_classes", "open_basedir",
            "safe_mode", "register_globals", "session.bug_compat_42", "session.bug_compat_warn", "magic_quotes_gpc",
            "file_uploads", "include_path", "short_open_tag", "enable_dl", "cgi.force_redirect", "display_errors",
            "error_log", "suhosin.simulation", "session.save_path", "upload_tmp_dir");
    private static final KeywordSet DIRECTIVES = KeywordSet.words(DIRECTIVE_LIST);

    static {
        for (String directive : DIRECTIVE_LIST) {
            if (directive.indexOf('_') < 0 && directive.indexOf('.') < 0) {
                throw new IllegalStateException("directive " + directive + " has neither '_' nor '.' (detect() relies on one)");
            }
        }
    }

    private static final KeywordSet WRAPPERS = KeywordSet.of(List.of("php://", "phar://", "zlib://", "glob://",
            "expect://", "data://", "zip://", "compress.zlib://", "compress.bzip2://", "ogg://", "rar://", "ssh2.shell://",
            "ssh2.exec://", "ssh2.tunnel://", "ssh2.sftp://"));

    private static final Pattern SERIALIZED = Pattern.compile("(?i)(?:^|[^a-z0-9])[oc]:\\+?\\d{1,5}:\"[a-z0-9_\\\\]{1,200}\":\\d{1,5}:\\{");
    private static final Pattern VARIABLE_CALL = Pattern.compile(
            "(?:^|[^a-z0-9_\\\\])@?\\$+[a-z_\\x{80}-\\x{10ffff}][a-z0-9_\\x{80}-\\x{10ffff}]*(?:\\s*(?:\\[[^\\]\\n]{0,64}\\]|\\{[^}\\n]{0,64}\\}))*\\s*\\(");
    private static final Pattern STRING_CALL = Pattern.compile(
            "(?:\\(\\s*[a-z_.()\\s\"']{1,64}\\)|[\"'][a-z_]{2,32}[\"'])\\s*\\(\\s*[\"'$]");
    private static final Pattern UPLOAD = Pattern.compile("(?i)\\.(?:php\\d*|phtml|phar|phps|pht|pgif|shtml|inc)(?:$|[.;\\s])");
    private static final Pattern VARIABLE_VARIABLE_CALL = Pattern.compile("\\$\\s*\\{[^}\\n]{0,64}\\}\\s*\\(");
    private static final KeywordSet EXEC_NAMES = KeywordSet.of(List.of("system", "exec", "passthru", "shell_exec",
            "popen", "proc_open", "eval", "assert", "'sys'", "\"sys\"", "phpinfo", "create_function", "pcntl_exec"));

    @Override
    public String name() {
        return "php";
    }

    @Override
    public Detection detect(Target target) {
        String v = target.urlDecoded();
        if (target.location() == Location.FILE_NAME || (target.location() == Location.HEADER && isFileNameHeader(target.name()))) {
            Matcher m = UPLOAD.matcher(v);
            if (m.find()) {
                return Detection.at(v, m.start(), m.end(), "php file upload");
            }
        }
        String lower = target.urlLower();
        KeywordSet.Hit named = null;
        boolean highRisk = KeywordGate.mayHaveUrlDecoded(target, KeywordGate.PHP_HIGH_RISK);
        if (!highRisk) {
            named = null; // no high-risk name anywhere in the value
        } else if (target.hasAny(Features.UNDERSCORE)) {
            named = HIGH_RISK_NAMES.find(lower);
        } else if (HIGH_RISK_PLAIN.contains(lower.trim())) {
            named = new KeywordSet.Hit(lower.trim(), 0, lower.length());
        } else if (target.hasAny(Features.SPACE | Features.PAREN | Features.SEMICOLON)) {
            named = HIGH_RISK_NAMES.find(lower);
        }
        if (named != null) {
            return Detection.at(v, named.start(), named.end(), "php high-risk function " + named.keyword());
        }
        if (!target.hasAny(Features.PAREN | Features.LT | Features.DOLLAR | Features.COLON | Features.EQUALS
                | Features.UNDERSCORE)) {
            return null;
        }
        int tag = lower.indexOf("<?");
        if (tag >= 0 && (lower.startsWith("php", tag + 2) || lower.startsWith("=", tag + 2)
                || (tag + 3 < lower.length() && Character.isWhitespace(lower.charAt(tag + 2)) && lower.indexOf('(', tag) > 0)
                || lower.startsWith("exec", tag + 2) || lower.startsWith("system", tag + 2))) {
            return Detection.at(v, tag, tag + 5, "php open tag");
        }
        if (lower.indexOf('$') >= 0) {
            KeywordSet.Hit hit = SUPERGLOBALS.find(lower);
            if (hit != null) {
                return Detection.at(v, hit.start(), hit.end(), "php superglobal " + hit.keyword());
            }
        }
        // every wrapper ends in "://"
        KeywordSet.Hit wrapper = target.hasAny(Features.COLON) && lower.contains("://") ? WRAPPERS.find(lower) : null;
        if (wrapper != null) {
            return Detection.at(v, wrapper.start(), wrapper.end(), "php stream wrapper " + wrapper.keyword());
        }
        if (lower.indexOf('(') >= 0) {
            String code = CommentRemoval.INSTANCE.apply(lower);
            for (KeywordSet.Hit hit : CALLS.findAll(code, 16)) {
                if (isCalled(code, hit.end()) && !proseBefore(code, hit.start())) {
                    return Detection.at(code, hit.start(), hit.end(), "php call of " + hit.keyword());
                }
            }
            Windows.Found f = code.indexOf('$') >= 0 ? Windows.find(VARIABLE_CALL, code, "$", 1, 200) : null;
            if (f != null) {
                return Detection.at(code, f.start(), f.end(), "php variable function call");
            }
            f = callAfterParenOrQuote(code) ? Windows.find(STRING_CALL, code, "(", 80, 16) : null;
            if (f != null) {
                return Detection.at(code, f.start(), f.end(), "php string/parenthesized function call");
            }
            f = code.indexOf('$') >= 0 ? Windows.find(VARIABLE_VARIABLE_CALL, code, "$", 0, 90) : null;
            if (f != null) {
                return Detection.at(code, f.start(), f.end(), "php variable-variable function call");
            }
            Detection d = indirectCall(code);
            if (d != null) {
                return d;
            }
        }
        if (lower.indexOf(":\"") >= 0 && lower.indexOf('{') >= 0) {
            Windows.Found f = Windows.find(SERIALIZED, v, ":\"", 10, 220);
            if (f != null) {
                return Detection.at(v, f.start(), f.end(), "php serialized object");
            }
        }
        // every directive has a '_' or a '.', and counts only when an '=' follows it
        if (target.hasAny(Features.UNDERSCORE | Features.DOT) && target.hasAny(Features.EQUALS) && lower.indexOf('=') >= 0) {
            for (KeywordSet.Hit hit : DIRECTIVES.findAll(lower, 4)) {
                int eq = hit.end();
                while (eq < lower.length() && lower.charAt(eq) == ' ') {
                    eq++;
                }
                if (eq < lower.length() && lower.charAt(eq) == '=') {
                    return Detection.at(v, hit.start(), eq + 1, "php configuration directive " + hit.keyword());
                }
            }
        }
        return null;
    }

    /**
     * {@code (system)(ls)}, {@code [system][0](ls)}, {@code ($y)('uname')} with {@code $y = 'sys'.'tem'}:
     * a call through a parenthesized or indexed expression, next to the name of a function that
     * runs commands or code. Whitespace and comments are ignored.
     */
    private static Detection indirectCall(String code) {
        StringBuilder compact = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!Character.isWhitespace(c)) {
                compact.append(c);
            }
        }
        String c = compact.toString();
        int call = -1;
        for (String glue : new String[] {")(", "](", "}("}) {
            int at = c.indexOf(glue);
            if (at >= 0 && (call < 0 || at < call)) {
                call = at;
            }
        }
        if (call < 0) {
            return null;
        }
        KeywordSet.Hit name = EXEC_NAMES.find(c);
        return name != null && name.start() < call ? Detection.at(c, name.start(), call + 2, "php indirect call of " + name.keyword())
                : null;
    }

    /** Cheap pre-check for {@link #STRING_CALL}: a '(' right after ')' or a quote (spaces allowed). */
    private static boolean callAfterParenOrQuote(String code) {
        char prev = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ' ' || c == '\t') {
                continue;
            }
            if (c == '(' && (prev == ')' || prev == '"' || prev == '\'')) {
                return true;
            }
            prev = c;
        }
        return false;
    }

    private static boolean isFileNameHeader(String header) {
        return header.equals("x-filename") || header.equals("x_filename") || header.equals("x.filename")
                || header.equals("x-file-name") || header.equals("x-file");
    }

    /** Whether the word ending at {@code end} is followed (after spaces, tabs, newlines) by '('. */
    private static boolean isCalled(String code, int end) {
        int i = end;
        while (i < code.length() && i < end + 16 && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i < code.length() && code.charAt(i) == '(';
    }

    /**
     * Whether the call is more likely prose: an English article or preposition right before a
     * word such as "file (" or "copy (" that is also a common noun.
     */
    private static boolean proseBefore(String code, int start) {
        String before = code.substring(Math.max(0, start - 6), start);
        return before.endsWith("the ") || before.endsWith(" a ") || before.endsWith("my ") || before.endsWith("of ")
                || before.endsWith("your ");
    }
}
