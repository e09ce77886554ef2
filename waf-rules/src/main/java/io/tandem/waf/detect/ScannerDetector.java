package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Location;
import io.tandem.waf.Target;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Security scanners and out-of-band probes: scanner user agents (sqlmap, Nikto, Nuclei, ffuf,
 * OpenVAS, Acunetix, ...), the headers and paths scanners announce themselves with, and the
 * interaction domains (Burp Collaborator, interactsh, ...) that blind-injection probes call back
 * to, wherever they appear.
 */
public final class ScannerDetector implements Detector {

    private static final KeywordSet AGENTS = KeywordSet.of(List.of("nikto", "sqlmap", "nmap scripting engine", "nmap nse",
            "nessus", "openvas", "acunetix", "netsparker", "invicti", "w3af", "masscan", "zgrab", "nuclei",
            "fuzz faster u fool", "ffuf", "gobuster", "dirbuster", "dirb/", "wpscan", "arachni", "skipfish", "havij",
            "zmeu", "morfeus", "commix", "fimap", "jaeles", "whatweb", "wfuzz", "paros", "webinspect", "appscan",
            "jorgee", "hydra", "struts-pwn", "sqlninja", "bsqlbf", "pangolin", "metasploit", ".nasl", "absinthe",
            "grabber", "webshag", "xsser", "detectify", "probely", "burp collaborator", "burpsuite", "qualys was",
            "crowdstrike falcon scan", "masscan-ng", "feroxbuster", "dalfox", "xsstrike", "nosqlmap", "ghauri",
            "wapiti", "vega/", "brutus", "httprint", "blackwidow", "webvulnscan", "zap/", "owasp zap", "medusa/",
            "interactsh", "log4j-scan", "cgichk", "n-stealth", "webtrends security analyzer", "sf/", "mysqloit",
            "winrm client openvas", "zmap", "libwhisker", "nmap"));
    private static final Set<String> HEADERS = Set.of("acunetix-product", "acunetix-scanning-agreement",
            "acunetix-user-agreement", "x-scanner", "x-wipp", "x-request-memo", "x-ratproxy-loop", "x-arachni-scan-seed",
            "x-scan-memo", "x-wapiti", "x-nessus");
    private static final KeywordSet PATHS = KeywordSet.of(List.of("nessustest", "appscan_fingerprint",
            "nessus_is_probing_you", "w3af", "acunetix-wvs-test", "netsparker", "/.nuclei", "jaeles"));
    static final List<String> OAST_LIST = List.of("burpcollaborator.net", "oastify.com", "oast.me",
            "oast.pro", "oast.fun", "oast.live", "oast.site", "oast.online", "interact.sh", "interactsh.com",
            "dnslog.cn", "ceye.io", "requestbin.net", "canarytokens.com", "xss.ht", "bxss.me", "dnslog.link",
            "eyes.sh", "log4shell.huntress.com", "l4j.", "r87.me", "pingb.in", "dig.pm");
    private static final KeywordSet OAST = KeywordSet.of(OAST_LIST);

    @Override
    public String name() {
        return "scanner";
    }

    @Override
    public Detection detect(Target target) {
        String v = target.value();
        if (target.location() == Location.HEADER) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (HEADERS.contains(target.name())) {
                return new Detection("scanner header " + target.name(), io.tandem.waf.parse.Excerpts.escape(v, 96));
            }
            if (target.name().equals("user-agent")) {
                KeywordSet.Hit hit = AGENTS.find(lower);
                if (hit != null) {
                    return Detection.at(v, hit.start(), hit.end(), "scanner user agent " + hit.keyword());
                }
            }
        }
        if (target.location() == Location.PATH) {
            KeywordSet.Hit hit = PATHS.find(v);
            if (hit != null) {
                return Detection.at(v, hit.start(), hit.end(), "scanner probe path " + hit.keyword());
            }
        }
        KeywordSet.Hit hit = target.hasAny(Features.DOT) && KeywordGate.mayHaveUrlDecoded(target, KeywordGate.SCANNER_OAST) ? OAST.find(target.urlLower()) : null;
        if (hit != null) {
            return Detection.at(target.urlDecoded(), hit.start(), hit.end(), "scanner out-of-band domain " + hit.keyword());
        }
        return null;
    }
}
