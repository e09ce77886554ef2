package io.tandem.waf.detect;

import com.google.re2j.Pattern;
import io.tandem.waf.Features;
import io.tandem.waf.Target;
import io.tandem.waf.transform.PathNormalize;
import java.util.List;

/**
 * Path traversal and local file inclusion: {@code ../} sequences (after repeated percent-decoding
 * and overlong-UTF-8 normalization, with backslashes as slashes) that climb out of a directory,
 * and references to files an application never serves (system account files, server and
 * application configuration, keys, shell history). File names match only as path suffixes
 * ({@code /etc/passwd}, {@code c:\boot.ini}), so prose that mentions them does not.
 */
public final class PathTraversalDetector implements Detector {

    static final List<String> FILE_LIST = List.of("etc/passwd", "etc/shadow", "etc/group",
            "etc/hosts", "etc/issue", "etc/motd", "etc/sudoers", "etc/crontab", "etc/fstab", "etc/resolv.conf",
            "etc/apache2/", "etc/httpd/", "etc/nginx/", "etc/mysql/", "etc/ssh/", "etc/security/", "etc/profile",
            "proc/self/", "proc/version", "proc/cpuinfo", "proc/meminfo", "proc/net/", "proc/sched_debug",
            "boot.ini", "win.ini", "system.ini", "windows/system32", "winnt/system32", "windows/repair",
            "inetpub/wwwroot", "ntuser.dat", "/.htaccess", "/.htpasswd", "/web.config", "wp-config.php",
            ".ssh/id_rsa", ".ssh/id_dsa", ".ssh/id_ecdsa", ".ssh/id_ed25519", ".ssh/authorized_keys",
            ".ssh/known_hosts", ".bash_history", ".zsh_history", ".mysql_history", ".git/config", ".git/head",
            ".svn/entries", ".aws/credentials", ".docker/config.json", "/.env", "app/etc/env.php",
            "app/etc/local.xml", "httpd.conf", "php.ini", "my.cnf", "/var/log/", "usr/local/apache", "/etc/init.d/",
            ".kube/config", "/.npmrc", "/.netrc", "id_rsa.pub");
    private static final KeywordSet FILES = KeywordSet.of(FILE_LIST);

    /**
     * The longest slash-free piece of each {@link #FILE_LIST} entry, for {@link KeywordGate}: path
     * normalization only turns backslashes into slashes and drops whole {@code .}/{@code ..}
     * segments and empty ones, so such a piece is already whole in the value before it.
     */
    static final List<String> FILE_ANCHORS = FILE_LIST.stream().map(PathTraversalDetector::anchor).distinct().toList();

    private static String anchor(String keyword) {
        String best = "";
        for (String piece : keyword.split("/")) {
            if (piece.length() > best.length()) {
                best = piece;
            }
        }
        return best;
    }

    private static final Pattern UNC = Pattern.compile("//[^/]{1,64}/[a-z]\\$(?:/|$)");

    @Override
    public String name() {
        return "lfi";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.SLASH | Features.BACKSLASH | Features.DOT;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String v = target.urlDecoded();
        if (v.indexOf('.') < 0 && v.indexOf('/') < 0 && v.indexOf('\\') < 0) {
            return null;
        }
        String lower = target.urlLower();
        // the summary covers this form too: an absent bit spares a scan of a long value
        String slashed = target.hasAny(Features.BACKSLASH) && lower.indexOf('\\') >= 0 ? lower.replace('\\', '/') : lower;
        int traversal = traversal(slashed);
        if (traversal >= 0) {
            return Detection.at(v, traversal, traversal + 3, "path traversal");
        }
        if (KeywordGate.mayHaveUrlDecoded(target, KeywordGate.LFI_FILES)) {
            String normalized = PathNormalize.INSTANCE.apply(slashed);
            for (String candidate : normalized.equals(slashed) ? new String[] {slashed} : new String[] {normalized, slashed}) {
                for (KeywordSet.Hit hit : FILES.findAll(candidate, 8)) {
                    if (isPathStart(candidate, hit.start()) && isPathEnd(candidate, hit.end(), hit.keyword())) {
                        return Detection.at(candidate, hit.start(), hit.end(), "file access " + hit.keyword());
                    }
                }
            }
        }
        int unc = target.hasAny(Features.SLASH | Features.BACKSLASH) ? slashed.indexOf("//") : -1;
        if (unc >= 0 && slashed.indexOf('$', unc) > 0 && UNC.matcher(slashed).find()) {
            return Detection.at(v, unc, unc + 2, "UNC admin share");
        }
        return null;
    }

    /**
     * Index of the first {@code ../} that climbs, or -1: one after a slash or at the start is
     * enough; after {@code =} or {@code :} it takes two.
     */
    private static int traversal(String s) {
        int climbs = 0;
        int firstClimb = -1;
        boolean strong = false;
        int i = s.indexOf("..");
        while (i >= 0) {
            int end = i + 2;
            while (end < s.length() && s.charAt(end) == '.') {
                end++; // "..." is treated like ".." by some Windows APIs
            }
            boolean after = end < s.length() && (s.charAt(end) == '/' || s.charAt(end) == ';');
            char prev = i == 0 ? '/' : s.charAt(i - 1);
            if (after && (prev == '/' || prev == '=' || prev == ':')) {
                climbs++;
                if (firstClimb < 0) {
                    firstClimb = i;
                }
                strong |= prev == '/';
            }
            i = s.indexOf("..", end);
        }
        return climbs >= 2 || (climbs == 1 && strong) ? firstClimb : -1;
    }

    private static boolean isPathStart(String s, int at) {
        if (at == 0) {
            return true;
        }
        char c = s.charAt(at - 1);
        return c == '/' || c == ':' || c == '=' || c == ' ' || c == '"' || c == '\'' || c == '.';
    }

    private static boolean isPathEnd(String s, int end, String keyword) {
        if (keyword.endsWith("/") || end >= s.length()) {
            return true;
        }
        char c = s.charAt(end);
        return !Character.isLetterOrDigit(c) && c != '_' && c != '-';
    }
}
