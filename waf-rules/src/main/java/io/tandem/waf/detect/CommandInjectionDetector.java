package io.tandem.waf.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tandem.waf.Features;
import io.tandem.waf.Target;
import io.tandem.waf.transform.CmdLineNormalize;
import io.tandem.waf.transform.WhitespaceCompress;
import java.util.Set;

/**
 * OS command injection for Unix shells and cmd.exe/PowerShell. A command word alone is prose
 * ("echo in the mirror"), so the detector wants shell structure: a separator ({@code ; | & &&
 * || newline}, backtick, {@code $(}) followed by a known command whose arguments look like shell
 * arguments (options, paths, URLs, addresses, variables, redirects) or that needs none
 * ({@code ;id}); shell paths ({@code /bin/sh}); globbed system paths ({@code /bin/ca? /et*});
 * {@code $IFS} and arithmetic expansion; Shellshock; cmd.exe {@code FOR}/{@code IF} syntax and
 * download cradles. Quote, backslash and caret obfuscation are undone first
 * ({@link CmdLineNormalize}).
 */
public final class CommandInjectionDetector implements Detector {

    private static final Set<String> UNIX = Set.of("cat", "ls", "id", "whoami", "uname", "wget", "curl", "nc", "ncat",
            "netcat", "bash", "sh", "zsh", "ksh", "csh", "tcsh", "dash", "python", "python2", "python3", "perl", "ruby",
            "php", "lua", "node", "echo", "printf", "ping", "nslookup", "dig", "host", "getent", "ifconfig", "ip",
            "netstat", "ps", "kill", "killall", "pkill", "rm", "mv", "cp", "chmod", "chown", "mkdir", "touch", "tail",
            "head", "more", "less", "grep", "egrep", "find", "awk", "gawk", "sed", "xargs", "base64", "xxd", "od",
            "telnet", "ssh", "scp", "ftp", "tftp", "nmap", "sleep", "env", "printenv", "crontab", "nohup", "sudo",
            "su", "passwd", "useradd", "history", "uptime", "hostname", "which", "whereis", "tar", "gzip", "gunzip",
            "zip", "unzip", "dd", "mknod", "mkfifo", "socat", "openssl", "busybox", "sysctl", "mount", "lsof",
            "systemctl", "service", "pwd", "rev", "tee", "nproc", "java", "gcc", "cc", "make", "strings", "file",
            "stat", "df", "du", "free", "last", "lastlog", "id;", "set", "exec", "eval", "source", "export",
            "readlink", "realpath", "md5sum", "sha1sum", "cut", "sort", "uniq", "wc", "tr", "timeout", "time",
            "nice", "chattr", "lsattr", "route", "arp", "traceroute", "whois", "jobs", "disown", "fetch", "lynx",
            "links", "w3m", "aria2c", "axel");
    private static final Set<String> WINDOWS = Set.of("dir", "type", "net", "net1", "netsh", "ipconfig",
            "systeminfo", "tasklist", "taskkill", "whoami", "ping", "nslookup", "certutil", "powershell", "pwsh",
            "cmd", "copy", "del", "erase", "echo", "set", "reg", "wmic", "sc", "schtasks", "ver", "hostname",
            "findstr", "attrib", "icacls", "cacls", "bitsadmin", "mshta", "rundll32", "regsvr32", "start",
            "shutdown", "msiexec", "cscript", "wscript", "ftp", "tftp", "curl", "xcopy", "robocopy", "move", "ren",
            "rename", "mkdir", "rmdir", "rd", "md", "more", "query", "quser", "arp", "route", "tracert", "vssadmin",
            "wevtutil", "forfiles", "timeout", "call");
    /** Commands that are complete without arguments and are not English words. */
    private static final Set<String> BARE = Set.of("id", "whoami", "uname", "ifconfig", "ipconfig", "ls", "pwd", "ps",
            "netstat", "hostname", "systeminfo", "printenv", "nproc", "ver", "dir", "tasklist", "uptime", "env",
            "getent", "lsof", "quser", "bash", "sh", "zsh");
    /** Commands that are dangerous as the whole value when followed by a target (URL, address, path). */
    private static final Set<String> NETWORK = Set.of("wget", "curl", "nc", "ncat", "netcat", "telnet", "ping",
            "nslookup", "dig", "tftp", "ftp", "socat", "ssh", "scp", "nmap", "bash", "sh", "python", "perl", "php",
            "powershell", "certutil", "bitsadmin", "mshta", "rundll32", "regsvr32");

    private static final Pattern IPV4 = Pattern.compile("(?:^|[^0-9.])\\d{1,3}(?:\\.\\d{1,3}){3}(?:$|[^0-9.])");
    private static final Pattern IPV4_ARG = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?");
    private static final Pattern DOMAIN_ARG = Pattern.compile(
            "[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|io|sh|me|cn|ru|xyz|site|live|pro|fun|info|biz|co|dev)\\.?");
    private static final Pattern RELATIVE_PATH = Pattern.compile("[a-z0-9_./-]+");
    private static final Pattern SHORT_DIR = Pattern.compile("/[a-z?*]{1,4}/");
    private static final Pattern WIN_FOR = Pattern.compile(
            "(?:^|[^a-z0-9_])for(?:\\s*/[a-z]+(?:\\s+\"[^\"]*\"|\\s+[a-z]:\\\\\\S*)?)*\\s+%{1,2}[^\\s%]{0,32}%?\\s+in\\s*\\([^)]{0,512}\\)\\s*do(?:[\\s@]|$|[a-z])");
    private static final Pattern WIN_IF = Pattern.compile(
            "(?:^|[^a-z0-9_])if(?:\\s*/i)?(?:\\s+not)?\\s+(?:(?:exist|defined|errorlevel|cmdextversion)\\s"
            + "|\\(?\\s*(?:\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[^\\s\"=()]{1,64})\\s*\\)?\\s*(?:={2,3}|\\s(?:equ|neq|lss|leq|gtr|geq)\\s)"
            + "\\s*\\(?\\s*(?:\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[^\\s\"=()]{1,64})\\s*\\)?(?:\\s+[a-z@(.]|\\s*\\(|$))");
    private static final Pattern SHELL_PATH = Pattern.compile(
            "(?:^|[\\s;|&`(=><'\"])/(?:usr/(?:local/)?)?s?bin/(?:ba|da|z|k|c|tc|fi|a)?sh(?:$|[\\s;|&`)<>'\"])");
    private static final Pattern BIN_PATH = Pattern.compile(
            "(?:^|[\\s;|&`(=><'\"])/(?:usr/(?:local/)?)?s?bin/[a-z0-9_.-]+\\s+[-/$]");
    private static final Pattern GLOB_PATH = Pattern.compile(
            "(?:^|[\\s;|&`(=><])/(?:[a-z?*\\[\\]]{1,8}/)*[a-z]*[?*\\[][a-z?*\\[\\]]*(?:/|\\s|$)");
    private static final Pattern WIN_TOOLS = Pattern.compile(
            "(?:^|[^a-z0-9_])(?:cmd(?:\\.exe)?\\s+/[ck]\\s|powershell(?:\\.exe)?\\s+-|pwsh\\s+-|certutil(?:\\.exe)?\\s+-urlcache"
            + "|bitsadmin\\s+/transfer|mshta(?:\\.exe)?\\s+(?:https?|javascript|vbscript):|regsvr32\\s+/s|rundll32(?:\\.exe)?\\s+\\S+,"
            + "|invoke-expression|iex\\s*\\(|downloadstring\\(|net\\s+user\\s|net\\s+localgroup\\s)");

    /**
     * Literals every match of {@link #WIN_IF} contains (the test or the comparison operator after
     * the condition, whitespace being one space after compression). Prose says "if" and "for" all
     * the time, and the two cmd.exe patterns cost about 50 ns per character each on RE2J's NFA: they
     * run only when the literals their matches need are all there ({@code WIN_FOR}: {@code %},
     * {@code in(} and {@code do}), which keeps their results and saves most of this detector's
     * time on long text fields.
     */
    private static final KeywordSet WIN_IF_OPERATORS = KeywordSet.of(java.util.List.of("==", "exist ", "defined ",
            "errorlevel ", "cmdextversion ", " equ ", " neq ", " lss ", " leq ", " gtr ", " geq "));

    /**
     * {@link #WIN_IF_OPERATORS} without their spaces: one of them is in the lower-cased value
     * whenever an operator is in the caret-free, compressed one (a caret can split a word, so
     * values with one are always checked).
     */
    static final java.util.List<String> WIN_IF_WORD_LIST = java.util.List.of("==", "exist", "defined",
            "errorlevel", "cmdextversion", "equ", "neq", "lss", "leq", "gtr", "geq");
    private static final KeywordSet WIN_IF_WORDS = KeywordSet.of(WIN_IF_WORD_LIST);

    static final java.util.List<String> WIN_TOOL_WORD_LIST = java.util.List.of("cmd", "powershell", "pwsh",
            "certutil", "bitsadmin", "mshta", "regsvr32", "rundll32", "invoke-expression", "iex", "downloadstring",
            "net ");

    private static final KeywordSet WIN_TOOL_WORDS = KeywordSet.of(WIN_TOOL_WORD_LIST);

    @Override
    public String name() {
        return "rce";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.SEMICOLON | Features.PIPE | Features.AMP | Features.NEWLINE | Features.QUOTE | Features.DOLLAR | Features.SLASH | Features.SPACE | Features.PAREN | Features.BRACE | Features.PERCENT | Features.STAR | Features.QUESTION;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String raw = target.urlDecoded();
        if (raw.length() < 2) {
            return null;
        }
        String lower = target.urlLower();
        // Without quotes, backslashes, carets or expansions the shell normalization is only
        // lower-casing and whitespace compression, and the lower-cased form already exists. The
        // target's character summary covers every decoded form, so an absent bit rules a character
        // out without a scan; a present one is checked in this form.
        boolean plain = !target.hasAny(Features.QUOTE | Features.BACKSLASH | Features.TILDE_CARET | Features.DOLLAR)
                || raw.indexOf('\'') < 0 && raw.indexOf('"') < 0 && raw.indexOf('\\') < 0 && raw.indexOf('^') < 0
                && raw.indexOf('$') < 0;
        String v = !plain ? CmdLineNormalize.INSTANCE.apply(raw)
                : target.hasAny(Features.TAB | Features.NEWLINE | Features.CONTROL | Features.NON_ASCII)
                ? WhitespaceCompress.INSTANCE.apply(lower) : WhitespaceCompress.INSTANCE.applyPlainSpaced(lower);
        int ifs = -1;
        if (target.hasAny(Features.DOLLAR)) {
            ifs = lower.indexOf("$ifs");
            if (ifs < 0) {
                ifs = lower.indexOf("${ifs}");
            }
        }
        if (ifs >= 0 && (ifs + 4 >= lower.length() || !Character.isLetterOrDigit(lower.charAt(ifs + 4)) || lower.startsWith("${ifs}", ifs))) {
            return Detection.at(raw, ifs, ifs + 4, "rce $IFS");
        }
        // v is the plain value's own characters (lower-cased, spaces compressed) or, normalized,
        // fewer of them: the summary's bits hold for it too
        if (target.hasAny(Features.PAREN) && (v.contains("(){") || v.contains("() {"))) {
            int at = v.indexOf("()");
            if (v.indexOf(';', at) > 0 || v.indexOf(':', at) > 0) {
                return Detection.at(v, at, at + 4, "rce shellshock function definition");
            }
        }
        Detection d = target.hasAny(Features.SEMICOLON | Features.PIPE | Features.AMP | Features.QUOTE | Features.BRACE
                | Features.DOLLAR) && (v.indexOf(';') >= 0 || v.indexOf('|') >= 0 || v.indexOf('&') >= 0
                || v.indexOf('`') >= 0 || v.indexOf('{') >= 0 || v.indexOf('$') >= 0) ? separated(v) : null;
        if (d == null) {
            d = leading(v);
        }
        if (d == null && target.hasAny(Features.SLASH) && v.contains("bin/")) {
            d = find(SHELL_PATH, v, "rce shell path");
            if (d == null) {
                d = find(BIN_PATH, v, "rce binary path with arguments");
            }
        }
        if (d == null && target.hasAny(Features.QUESTION | Features.STAR | Features.BRACKET)
                && (v.indexOf('?') >= 0 || v.indexOf('*') >= 0 || v.indexOf('[') >= 0)) {
            d = glob(v);
        }
        if (d == null && (v.contains("for") || v.contains("if")) && (target.hasAny(Features.PERCENT) && lower.indexOf('%') >= 0
                || target.hasAny(Features.TILDE_CARET) && lower.indexOf('^') >= 0
                || KeywordGate.mayHaveUrlDecoded(target, KeywordGate.RCE_IF) && WIN_IF_WORDS.find(lower) != null)) {
            String win = WhitespaceCompress.INSTANCE.apply(lower.replace("^", ""));
            if (win.indexOf('%') >= 0 && (win.contains("in(") || win.contains("in (")) && win.contains("do")) {
                d = find(WIN_FOR, win, "rce cmd.exe for loop");
            }
            if (d == null && WIN_IF_OPERATORS.find(win) != null) {
                d = find(WIN_IF, win, "rce cmd.exe if condition");
            }
        }
        // when plain, v is the compressed lower-cased form, whose tool words the gate sees whole
        if (d == null && target.hasAny(Features.SPACE | Features.PAREN)
                && (!plain || KeywordGate.mayHaveUrlDecoded(target, KeywordGate.RCE_TOOLS)) && WIN_TOOL_WORDS.find(v) != null) {
            d = find(WIN_TOOLS, v, "rce windows tool");
        }
        return d;
    }

    /** A separator followed by a command with shell-like (or no) arguments. */
    private static Detection separated(String v) {
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            int cmd;
            if (c == ';' || c == '|' || c == '&' || c == '\n' || c == '`' || c == '{') {
                cmd = i + 1;
                while (cmd < n && (v.charAt(cmd) == '|' || v.charAt(cmd) == '&')) {
                    cmd++;
                }
            } else if (c == '$' && i + 1 < n && v.charAt(i + 1) == '(') {
                if (i + 2 < n && v.charAt(i + 2) == '(') {
                    return Detection.at(v, i, i + 3, "rce arithmetic expansion");
                }
                cmd = i + 2;
            } else {
                continue;
            }
            while (cmd < n && v.charAt(cmd) == ' ') {
                cmd++;
            }
            Detection d = command(v, cmd, i, c == '`' || c == '$');
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** The whole value starts with a network/interpreter command aimed at something. */
    private static Detection leading(String v) {
        int end = wordEnd(v, 0);
        String word = baseName(v.substring(0, end));
        if (!NETWORK.contains(word) || end >= v.length()) {
            return null;
        }
        String args = v.substring(end).trim();
        if (args.contains("://") || IPV4.matcher(args).find() || args.startsWith("-") && args.length() > 2) {
            return Detection.at(v, 0, Math.min(v.length(), end + 40), "rce command " + word);
        }
        return null;
    }

    private static Detection command(String v, int start, int separator, boolean substitution) {
        int end = wordEnd(v, start);
        if (end == start) {
            return null;
        }
        String token = v.substring(start, end);
        String word = baseName(token);
        boolean pathPrefixed = token.startsWith("/") && token.length() > word.length() + 1;
        boolean known = UNIX.contains(word) || WINDOWS.contains(word);
        if (!known) {
            return null;
        }
        int argEnd = end;
        while (argEnd < v.length() && ";|&`\n)".indexOf(v.charAt(argEnd)) < 0) {
            argEnd++;
        }
        String args = v.substring(end, argEnd).trim();
        boolean nextIsSeparatorOrEnd = args.isEmpty();
        if (pathPrefixed || (nextIsSeparatorOrEnd && (BARE.contains(word) || substitution)) || shellLike(args)) {
            return Detection.at(v, separator, Math.min(v.length(), argEnd), "rce command " + word + " after separator");
        }
        return null;
    }

    /** Whether command arguments look like a shell's, not like prose. */
    static boolean shellLike(String args) {
        if (args.isEmpty()) {
            return false;
        }
        for (String arg : args.split(" ")) {
            if (arg.isEmpty()) {
                continue;
            }
            char c = arg.charAt(0);
            if (c == '-' && arg.length() > 1 && arg.length() < 30 && Character.isLetter(arg.charAt(1))) {
                return true;
            }
            if (c == '/' && arg.length() > 1 || c == '~' || c == '$' || c == '>' || c == '<' || c == '.' && arg.startsWith("./")) {
                return true;
            }
            if (c == '%' && arg.indexOf('%', 1) > 1) {
                return true; // %SystemDrive%
            }
            if (arg.contains("://") || arg.indexOf('.') > 0 && (IPV4_ARG.matcher(arg).matches() || DOMAIN_ARG.matcher(arg).matches())
                    || arg.length() > 2 && arg.charAt(1) == ':' && arg.charAt(2) == '\\') {
                return true;
            }
            if (arg.contains("/") && arg.length() > 2 && !arg.startsWith("/") && arg.indexOf('.') >= 0 && RELATIVE_PATH.matcher(arg).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Detection glob(String v) {
        int at = v.indexOf('/');
        int anchors = 0;
        while (at >= 0 && anchors++ < Windows.MAX_ANCHORS) {
            int from = Math.max(0, at - 1);
            Matcher m = GLOB_PATH.matcher(v.substring(from, Math.min(v.length(), at + 64)));
            if (m.find()) {
                String path = m.group().trim();
                int slashes = 0;
                for (int k = 0; k < path.length(); k++) {
                    if (path.charAt(k) == '/') {
                        slashes++;
                    }
                }
                if (slashes >= 2 && (path.startsWith("/bin") || path.startsWith("/usr") || path.startsWith("/etc")
                        || path.startsWith("/sbin") || path.startsWith("/tmp") || path.startsWith("/dev")
                        || path.startsWith("/proc") || path.startsWith("/?") || path.startsWith("/*")
                        || SHORT_DIR.matcher(path).lookingAt())) {
                    return Detection.at(v, from + m.start(), from + m.end(), "rce globbed system path");
                }
            }
            at = v.indexOf('/', at + 1);
        }
        return null;
    }

    private static Detection find(Pattern p, String v, String reason) {
        Matcher m = p.matcher(v);
        return m.find() ? Detection.at(v, m.start(), m.end(), reason) : null;
    }

    private static int wordEnd(String v, int start) {
        int i = start;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == ':' || c == '\\') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static String baseName(String token) {
        String t = token.replace('\\', '/');
        int slash = t.lastIndexOf('/');
        String base = slash >= 0 ? t.substring(slash + 1) : t;
        return base.endsWith(".exe") ? base.substring(0, base.length() - 4) : base;
    }
}
