package io.tandem.farm;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response as a {@link Shopper} saw it after following redirects: where it ended, status,
 * headers and body (at most {@link Shopper#MAX_BODY_BYTES}; longer bodies are cut).
 */
public record Page(URI uri, int status, HttpHeaders headers, String body) {

    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern MESSAGE =
            Pattern.compile("<div class=\"message message-(error|success)[^\"]*\"[^>]*>([^<]*)</div>");

    /** Path with query, e.g. {@code /checkout/cart/}. */
    public String path() {
        return Browser.pathOf(uri);
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The {@code X-Backend} header: which farm instance rendered the page. */
    public Optional<String> backend() {
        return header("X-Backend");
    }

    /** The value of the first hidden {@code form_key} input, as a browser would submit it. */
    public Optional<String> formKey() {
        Matcher inputs = INPUT.matcher(body);
        while (inputs.find()) {
            String tag = inputs.group();
            if (attribute(tag, "name").filter("form_key"::equals).isPresent()) {
                return attribute(tag, "value");
            }
        }
        return Optional.empty();
    }

    /** Magento's flash messages on the page, error and success alike, unescaped. */
    public List<String> messages() {
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE.matcher(body);
        while (m.find()) {
            out.add(unescape(m.group(2)));
        }
        return out;
    }

    /** The value of attribute {@code name} in one tag, unescaped. */
    static Optional<String> attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    @Override
    public String toString() {
        return "Page[" + status + " " + uri + backend().map(b -> " from " + b).orElse("") + ", " + body.length() + " chars]";
    }
}
