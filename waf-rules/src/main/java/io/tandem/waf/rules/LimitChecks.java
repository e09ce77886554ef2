package io.tandem.waf.rules;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import io.tandem.waf.parse.Excerpts;
import java.util.List;
import java.util.Map;

/**
 * FortiWeb's numeric protocol constraints: header count and lengths, URL length, argument count
 * and lengths, body length and cookie count. Each factory checks its limit when called (at rule
 * load) and returns a pure {@link Check}.
 */
public final class LimitChecks {

    private LimitChecks() {
    }

    private static int positive(String name, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(name + ": " + limit + " (expected: >= 1)");
        }
        return limit;
    }

    public static Check headerCount(int max) {
        positive("max-header-count", max);
        return (r, x) -> {
            int n = 0;
            for (List<String> values : r.headers().values()) {
                n += values.size();
            }
            return n > max ? Finding.request("more than " + max + " headers (" + n + ")", "") : null;
        };
    }

    /** One header line ({@code name: value}) longer than {@code max}, and all of them together longer than {@code maxTotal}. */
    public static Check headerLength(int max, int maxTotal) {
        positive("max-header-line-length", max);
        positive("max-headers-length", maxTotal);
        return (r, x) -> {
            long total = 0;
            for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
                for (String v : e.getValue()) {
                    int line = e.getKey().length() + 2 + v.length();
                    total += line + 2;
                    if (line > max) {
                        return new Finding(Location.HEADER, e.getKey(), "header line longer than " + max + " (" + line + ")",
                                Excerpts.escape(v, 64));
                    }
                }
            }
            return total > maxTotal ? Finding.request("headers longer than " + maxTotal + " in total (" + total + ")", "") : null;
        };
    }

    public static Check urlLength(int max) {
        positive("max-url-length", max);
        return (r, x) -> r.rawTarget().length() > max
                ? new Finding(Location.PATH, "", "URL longer than " + max + " (" + r.rawTarget().length() + ")",
                        Excerpts.escape(r.rawTarget(), 64))
                : null;
    }

    public static Check argCount(int max) {
        positive("max-arg-count", max);
        return (r, x) -> {
            int n = r.argumentCount();
            return n > max || r.hasAnomaly(Anomaly.Kind.TOO_MANY_ARGS)
                    ? Finding.request("more than " + max + " arguments (" + n + (r.hasAnomaly(Anomaly.Kind.TOO_MANY_ARGS) ? "+" : "") + ")", "")
                    : null;
        };
    }

    public static Check argNameLength(int max) {
        positive("max-arg-name-length", max);
        return (r, x) -> {
            for (Param p : r.params()) {
                if (p.location().isArgValue() && p.name().length() > max) {
                    return new Finding(p.location(), Excerpts.escape(p.name(), 32), "argument name longer than " + max,
                            Excerpts.escape(p.name(), 64));
                }
            }
            return r.hasAnomaly(Anomaly.Kind.ARG_NAME_TOO_LONG) ? Finding.request("argument name too long", "") : null;
        };
    }

    public static Check argValueLength(int max) {
        positive("max-arg-value-length", max);
        return (r, x) -> {
            for (Param p : r.params()) {
                if (p.location().isArgValue() && p.length() > max) {
                    return new Finding(p.location(), p.name(), "argument value longer than " + max + " (" + p.length() + ")",
                            Excerpts.escape(p.value(), 64));
                }
            }
            return max >= r.limits().maxArgValueLength() && r.hasAnomaly(Anomaly.Kind.ARG_VALUE_TOO_LONG)
                    ? Finding.request("argument value longer than " + r.limits().maxArgValueLength(), "") : null;
        };
    }

    /** Sum of argument name and value lengths. */
    public static Check argsLength(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max-args-length: " + max + " (expected: >= 1)");
        }
        return (r, x) -> {
            long total = 0;
            for (Param p : r.params()) {
                if (p.location().isArgValue()) {
                    total += p.name().length() + p.length();
                }
            }
            return total > max ? Finding.request("arguments longer than " + max + " in total (" + total + ")", "") : null;
        };
    }

    /** The declared Content-Length, or the bytes seen when there is none. */
    public static Check bodyLength(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max-body-length: " + max + " (expected: >= 0)");
        }
        return (r, x) -> {
            long declared = -1;
            try {
                String cl = r.header("content-length").trim();
                declared = cl.isEmpty() ? -1 : Long.parseLong(cl);
            } catch (NumberFormatException e) {
                return null; // the content-length rule reports it
            }
            long length = Math.max(declared, r.bodyLength());
            return length > max ? Finding.request("body longer than " + max + " (" + length + ")", "") : null;
        };
    }

    public static Check cookieCount(int max) {
        positive("max-cookie-count", max);
        return (r, x) -> {
            int n = ProtocolChecks.cookieCount(r);
            return n > max || r.hasAnomaly(Anomaly.Kind.TOO_MANY_COOKIES)
                    ? Finding.request("more than " + max + " cookies (" + n + ")", "") : null;
        };
    }

}
