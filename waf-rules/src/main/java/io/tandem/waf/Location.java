package io.tandem.waf;

/**
 * Where in a request an inspected value came from; appears in verdicts and in the attack log,
 * and rules select their targets by it.
 */
public enum Location {
    PATH("path"),
    QUERY_ARG("query"),
    QUERY_ARG_NAME("query-name"),
    FORM_ARG("form"),
    FORM_ARG_NAME("form-name"),
    JSON_VALUE("json"),
    JSON_KEY("json-key"),
    XML_VALUE("xml"),
    MULTIPART_VALUE("multipart"),
    MULTIPART_NAME("multipart-name"),
    FILE_NAME("filename"),
    COOKIE("cookie"),
    COOKIE_NAME("cookie-name"),
    HEADER("header"),
    BODY("body"),
    /** The whole query string, percent-decoded: payloads split across arguments by an unencoded '&'. */
    QUERY_STRING("query-string");

    private final String label;

    Location(String label) {
        this.label = label;
    }

    /** The short name used in logs and configuration ({@code query}, {@code cookie-name}, ...). */
    public String label() {
        return label;
    }

    /** Whether the value is an argument value (query, form, JSON, XML or multipart field). */
    public boolean isArgValue() {
        return this == QUERY_ARG || this == FORM_ARG || this == JSON_VALUE || this == XML_VALUE
                || this == MULTIPART_VALUE;
    }

    /** Whether the value is an argument name. */
    public boolean isArgName() {
        return this == QUERY_ARG_NAME || this == FORM_ARG_NAME || this == JSON_KEY || this == MULTIPART_NAME;
    }
}
