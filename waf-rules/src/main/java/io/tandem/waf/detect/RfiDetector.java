package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Location;
import io.tandem.waf.Target;
import java.util.Locale;
import java.util.Set;

/**
 * Remote file inclusion: a URL in an argument that an include would fetch. Plain links are
 * everywhere (redirect targets, shared URLs), so only the shapes that mark an inclusion count:
 * a URL whose host is a bare IPv4 address, a URL ending in {@code ?} (the classic trick to cut
 * off the application's appended suffix), a {@code file://} URL, or any URL in an argument whose
 * name says it is a path or include. Header values are not inspected.
 */
public final class RfiDetector implements Detector {

    private static final Set<String> REMOTE = Set.of("http", "https", "ftp", "ftps", "file");

    @Override
    public String name() {
        return "rfi";
    }

    @Override
    public Detection detect(Target target) {
        // Headers carry URLs by design (Referer, Origin, Link), and a shop reached by its IP address
        // sends IP-host URLs in every Referer: an include reads arguments, not headers.
        if (target.location() == Location.HEADER || !target.hasAny(Features.COLON | Features.QUESTION)) {
            return null;
        }
        String v = target.urlDecoded();
        if (!v.contains("://")) {
            return trailingSchemeOnly(v);
        }
        for (UrlParts.Url url : UrlParts.find(v)) {
            if (!REMOTE.contains(url.scheme())) {
                continue;
            }
            if (url.scheme().equals("file")) {
                return Detection.at(v, url.start(), url.end(), "rfi file:// URL");
            }
            if (UrlParts.ipv4(url.host()) >= 0 && url.host().indexOf('.') > 0) {
                return Detection.at(v, url.start(), url.end(), "rfi URL with an IP address host");
            }
            if (url.rest().endsWith("?") || (url.rest().isEmpty() && v.substring(url.end()).startsWith("?"))) {
                return Detection.at(v, url.start(), url.end(), "rfi URL ending in '?'");
            }
            String name = target.name().toLowerCase(Locale.ROOT);
            if (target.location().isArgValue() && url.start() == firstNonSpace(v) && isIncludeName(name)) {
                return Detection.at(v, url.start(), url.end(), "rfi URL in include parameter " + name);
            }
        }
        return null;
    }

    /** {@code x=http?}, {@code x=file?}: a scheme followed by the truncating '?'. */
    private static Detection trailingSchemeOnly(String v) {
        if (v.length() > 12 || v.indexOf('?') < 0) {
            return null;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.equals("http?") || t.equals("https?") || t.equals("ftp?") || t.equals("ftps?") || t.equals("file?")) {
            return Detection.at(v, 0, v.length(), "rfi scheme ending in '?'");
        }
        return null;
    }

    private static int firstNonSpace(String v) {
        int i = 0;
        while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIncludeName(String name) {
        return name.contains("path") || name.contains("include") || name.endsWith("dir]") || name.endsWith("_dir")
                || name.contains("root") || name.contains("libdir") || name.endsWith("[path]") || name.equals("inc")
                || name.contains("template") && name.contains("file");
    }
}
