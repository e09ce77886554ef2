package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;

/** Server-side includes: {@code <!--#exec cmd=...-->} and the other SSI directives. */
public final class SsiDetector implements Detector {

    private static final String[] DIRECTIVES = {"exec", "include", "echo", "config", "set", "printenv", "fsize",
        "flastmod", "if", "elif"};

    @Override
    public String name() {
        return "ssi";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.LT;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String lower = target.lower();
        int at = lower.indexOf("<!--#");
        while (at >= 0) {
            for (String d : DIRECTIVES) {
                if (lower.startsWith(d, at + 5)) {
                    return Detection.at(lower, at, at + 5 + d.length(), "ssi directive " + d);
                }
            }
            at = lower.indexOf("<!--#", at + 5);
        }
        return null;
    }
}
