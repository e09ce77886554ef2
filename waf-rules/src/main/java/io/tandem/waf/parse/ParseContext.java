package io.tandem.waf.parse;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import io.tandem.waf.ParseLimits;
import io.tandem.waf.Target;
import io.tandem.waf.transform.DecodeListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The mutable state of parsing one request: the shared argument budget, the parsed params and
 * the anomalies. Confined to the thread building one {@link io.tandem.waf.RequestView}.
 */
public final class ParseContext {

    private static final int MAX_ANOMALIES = 64;

    private final ParseLimits limits;
    private final List<Param> params = new ArrayList<>();
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Set<Anomaly.Kind> seenKinds = EnumSet.noneOf(Anomaly.Kind.class);
    private int args;
    private boolean argLimitReported;

    public ParseContext(ParseLimits limits) {
        this.limits = limits;
    }

    public ParseLimits limits() {
        return limits;
    }

    public List<Param> params() {
        return params;
    }

    public List<Anomaly> anomalies() {
        return anomalies;
    }

    /** Records an anomaly; repeated kinds at the same place are recorded once, and the list is bounded. */
    public void anomaly(Anomaly.Kind kind, String where, String detail) {
        if (anomalies.size() >= MAX_ANOMALIES) {
            return;
        }
        for (Anomaly a : anomalies) {
            if (a.kind() == kind && a.where().equals(where)) {
                return;
            }
        }
        seenKinds.add(kind);
        anomalies.add(new Anomaly(kind, where, Excerpts.escape(detail, 64)));
    }

    public boolean has(Anomaly.Kind kind) {
        return seenKinds.contains(kind);
    }

    /** A decode listener that records the decoder's problems as anomalies at {@code where}. */
    public DecodeListener listener(String where) {
        return problem -> anomaly(switch (problem) {
            case INVALID_PERCENT_ENCODING -> Anomaly.Kind.INVALID_PERCENT_ENCODING;
            case UNICODE_PERCENT_ENCODING -> Anomaly.Kind.UNICODE_PERCENT_ENCODING;
            case INVALID_UTF8 -> Anomaly.Kind.INVALID_UTF8;
            case OVERLONG_UTF8 -> Anomaly.Kind.OVERLONG_UTF8;
            case NUL_BYTE -> Anomaly.Kind.NUL_BYTE;
        }, where, "");
    }

    /**
     * Adds an argument (name and value), enforcing the shared budget and the length limits.
     * Returns false once the budget is exhausted, so callers can stop parsing.
     */
    public boolean addArg(Location valueLocation, Location nameLocation, String name, String value, String where) {
        // Only the head and tail of a long value are inspected (an attack padded with filler sits at
        // the end), so only they are kept.
        return addArg(valueLocation, nameLocation, name, Target.abbreviate(value), value.length(), where);
    }

    /**
     * As {@link #addArg(Location, Location, String, String, String)}, for a value already
     * abbreviated ({@link Target#abbreviate}; a parser may decode only what is inspected);
     * {@code length}: the whole value's length.
     */
    public boolean addArg(Location valueLocation, Location nameLocation, String name, String abbreviated, int length,
                          String where) {
        if (args >= limits.maxArgs()) {
            if (!argLimitReported) {
                argLimitReported = true;
                anomaly(Anomaly.Kind.TOO_MANY_ARGS, where, "more than " + limits.maxArgs());
            }
            return false;
        }
        args++;
        String n = name;
        if (n.length() > limits.maxArgNameLength()) {
            anomaly(Anomaly.Kind.ARG_NAME_TOO_LONG, where, n.length() + " chars");
            n = n.substring(0, limits.maxArgNameLength());
        }
        if (length > limits.maxArgValueLength()) {
            anomaly(Anomaly.Kind.ARG_VALUE_TOO_LONG, where, length + " chars");
        }
        params.add(new Param(valueLocation, n, abbreviated, length));
        if (nameLocation != null && !n.isEmpty()) {
            params.add(new Param(nameLocation, n, n));
        }
        return true;
    }

    /** Adds a non-argument param (cookie, header, file name) without touching the argument budget. */
    public void add(Param param) {
        params.add(param);
    }

    public int argCount() {
        return args;
    }
}
