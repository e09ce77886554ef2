package io.tandem.waf;

import io.tandem.config.Cidr;
import io.tandem.config.SessionRulesConfig;
import io.tandem.config.WafAction;
import io.tandem.config.WafConfig;
import io.tandem.config.WafPattern;
import io.tandem.waf.session.SessionRuleSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Maps the validated {@code waf:} section ({@link WafConfig}, from the config module) onto the
 * engine's {@link WafSettings}. Pure and total: every {@link WafConfig} the config loader accepts
 * maps, and {@link RuleSet#build} accepts the result, so a configuration that loaded never fails
 * when the engine is built.
 *
 * <p>{@code waf.session-rules} is not mapped: those rules are enforced by the session rules
 * engine, which reads {@link WafConfig#sessionRules()} itself ({@link #action} maps their actions).
 *
 * <pre>{@code
 * WafSettings settings = WafSettingsMapper.from(config.waf());
 * RuleEngine engine = RuleSet.build(settings, blocks);
 * ParseLimits limits = settings.parseLimits();          // for RequestView.builder().limits(...)
 * }</pre>
 */
public final class WafSettingsMapper {

    private WafSettingsMapper() {
    }

    /** The engine settings for a {@code waf:} section; {@link WafConfig#defaults()} gives {@link WafSettings#defaults()}. */
    public static WafSettings from(WafConfig config) {
        Map<String, WafSettings.RuleSettings> rules = new LinkedHashMap<>();
        config.rules().forEach((id, o) -> rules.put(id, new WafSettings.RuleSettings(o.enabled(),
                o.action() == null ? null : action(o.action()), o.severity() == null ? null : severity(o.severity()))));
        List<WafSettings.IpList> ipLists = new ArrayList<>();
        for (WafConfig.IpList l : config.ipLists()) {
            boolean allow = l.type() == WafConfig.AccessType.ALLOW;
            ipLists.add(new WafSettings.IpList(l.id(), allow, l.networks().stream().map(Cidr::toString).toList(),
                    allow ? null : action(l.action())));
        }
        List<WafSettings.UrlAccess> urlAccess = new ArrayList<>();
        for (WafConfig.UrlAccess u : config.urlAccess()) {
            boolean allow = u.type() == WafConfig.AccessType.ALLOW;
            urlAccess.add(new WafSettings.UrlAccess(u.id(), text(u.host()), regex(u.host()), text(u.path()), regex(u.path()),
                    allow, allow ? null : action(u.action())));
        }
        List<WafSettings.ExceptionSettings> exceptions = new ArrayList<>();
        for (WafConfig.ExceptionRule e : config.exceptions()) {
            exceptions.add(new WafSettings.ExceptionSettings(e.id(), e.rules(), text(e.host()), regex(e.host()),
                    text(e.path()), regex(e.path()), e.methods(), e.args()));
        }
        return new WafSettings(config.monitorMode(), parseLimits(config.limits()), protocol(config.protocol()), rules,
                ipLists, urlAccess, exceptions);
    }

    /**
     * {@code waf.session-rules} as the session rules engine's settings, with the section's monitor
     * mode (every session verdict becomes an alert too).
     */
    public static SessionRuleSettings sessionRules(WafConfig config) {
        SessionRulesConfig c = config.sessionRules();
        List<SessionRuleSettings.StartPages> startPages = new ArrayList<>();
        for (SessionRulesConfig.StartPage p : c.startPages()) {
            startPages.add(new SessionRuleSettings.StartPages(p.id(), patterns(p.appliesTo()), patterns(p.pages()),
                    action(p.action())));
        }
        List<SessionRuleSettings.PageOrder> pageOrder = new ArrayList<>();
        for (SessionRulesConfig.PageOrder o : c.pageOrder()) {
            pageOrder.add(new SessionRuleSettings.PageOrder(o.id(), patterns(o.steps()), action(o.action())));
        }
        List<SessionRuleSettings.RateLimit> rateLimits = new ArrayList<>();
        for (SessionRulesConfig.RateLimit r : c.rateLimits()) {
            rateLimits.add(new SessionRuleSettings.RateLimit(r.id(), pattern(r.path()), r.methods(), r.maxRequests(),
                    r.window(), r.per() == SessionRulesConfig.Per.CLIENT ? SessionRuleSettings.Per.CLIENT
                            : SessionRuleSettings.Per.SESSION, action(r.action())));
        }
        SessionRuleSettings.AfterFailover afterFailover = switch (c.afterFailover()) {
            case ALLOW -> SessionRuleSettings.AfterFailover.ALLOW;
            case RESTART -> SessionRuleSettings.AfterFailover.RESTART;
            case CHECKPOINT -> SessionRuleSettings.AfterFailover.CHECKPOINT;
        };
        return new SessionRuleSettings(afterFailover, startPages, pageOrder, rateLimits, config.monitorMode());
    }

    private static List<SessionRuleSettings.PathPattern> patterns(List<WafPattern> patterns) {
        return patterns.stream().map(WafSettingsMapper::pattern).toList();
    }

    private static SessionRuleSettings.PathPattern pattern(WafPattern p) {
        return p.regex() ? SessionRuleSettings.PathPattern.regex(p.text()) : SessionRuleSettings.PathPattern.plain(p.text());
    }

    /** {@code waf.limits} as the parsers' bounds, for {@code RequestView.Builder#limits}. */
    public static ParseLimits parseLimits(WafConfig.Limits l) {
        return new ParseLimits(l.maxArgs(), l.maxArgNameLength(), l.maxArgValueLength(), l.maxCookies(), l.maxJsonDepth(),
                l.maxXmlDepth(), l.maxMultipartParts(), l.bodyInspect(), l.inspectBudget());
    }

    /** {@code waf.protocol} as the protocol rules' constraints. */
    public static WafSettings.Protocol protocol(WafConfig.Protocol p) {
        return new WafSettings.Protocol(p.maxHeaderCount(), p.maxHeaderLineLength(), p.maxHeadersLength(), p.maxUrlLength(),
                p.maxArgCount(), p.maxArgNameLength(), p.maxArgValueLength(), p.maxArgsLength(), p.maxBodyLength(),
                p.maxCookieCount(), p.maxRanges(), new LinkedHashSet<>(p.allowedMethods()),
                new LinkedHashSet<>(p.allowedContentTypes()), new LinkedHashSet<>(p.allowedCharsets()),
                new LinkedHashSet<>(p.restrictedHeaders()), new LinkedHashSet<>(p.restrictedExtensions()), p.rejectIpHost());
    }

    /** A configured action as the engine's; also what the session rules engine needs for its rules. */
    public static Action action(WafAction a) {
        return switch (a.kind()) {
            case ALERT -> Action.alert();
            case ALERT_DENY -> Action.alertDeny(a.denyStatus());
            case DENY_NO_LOG -> new Action(Action.Kind.DENY_NO_LOG, a.denyStatus(), null, null, Action.BlockScope.CLIENT_ADDRESS);
            case SEND_403 -> Action.send403();
            case REDIRECT -> Action.redirect(a.redirectUrl());
            case PERIOD_BLOCK -> Action.periodBlock(a.blockPeriod(), switch (a.blockBy()) {
                case CLIENT -> Action.BlockScope.CLIENT_ADDRESS;
                case SESSION -> Action.BlockScope.SESSION;
            });
        };
    }

    public static Severity severity(WafConfig.Severity s) {
        return switch (s) {
            case LOW -> Severity.LOW;
            case MEDIUM -> Severity.MEDIUM;
            case HIGH -> Severity.HIGH;
            case CRITICAL -> Severity.CRITICAL;
        };
    }

    private static String text(WafPattern p) {
        return p == null ? null : p.text();
    }

    private static boolean regex(WafPattern p) {
        return p != null && p.regex();
    }
}
