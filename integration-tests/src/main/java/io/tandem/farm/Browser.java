package io.tandem.farm;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The browser under a {@link Shopper}: one cookie jar accepting every cookie, one HTTP/1.1
 * client that never follows redirects by itself, redirects followed here one hop at a time, and
 * a bounded record of every hop. Not thread-safe except for the synchronized record accessors.
 */
final class Browser {

    static final String GET = "GET";
    static final String POST = "POST";

    private final URI baseUrl;
    private final Duration timeout;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private final int maxRecordedHops;
    private final Deque<Hop> recorded = new ArrayDeque<>();
    private long hopCount;
    private long errorCount;

    Browser(URI baseUrl, Duration timeout, int maxRecordedHops) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.maxRecordedHops = maxRecordedHops;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * Requests {@code path}, following at most {@value Shopper#MAX_REDIRECTS} redirects; each hop
     * is appended to {@code hops} and to the record.
     */
    Page fetch(List<Hop> hops, String method, String path, Optional<String> form) throws Abort {
        URI uri = baseUrl.resolve(path);
        String currentMethod = method;
        Optional<String> currentForm = form;
        for (int redirects = 0; redirects <= Shopper.MAX_REDIRECTS; redirects++) {
            Page page = exchange(hops, currentMethod, uri, currentForm);
            Optional<String> location = page.header("Location");
            if (!isRedirect(page.status()) || location.isEmpty()) {
                return page;
            }
            try {
                uri = uri.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new Abort(method + " " + path + ": Location '" + location.get() + "' (expected: a URI)");
            }
            if (page.status() != 307 && page.status() != 308) { // 301, 302, 303: the browser switches to GET
                currentMethod = GET;
                currentForm = Optional.empty();
            }
        }
        throw new Abort(method + " " + path + ": more than " + Shopper.MAX_REDIRECTS + " redirects (expected: <= "
                + Shopper.MAX_REDIRECTS + ")");
    }

    /** One request and its response; a {@link Hop} is recorded either way. */
    private Page exchange(List<Hop> hops, String method, URI uri, Optional<String> form) throws Abort {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", Shopper.USER_AGENT)
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        if (form.isPresent()) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", baseUrl.getScheme() + "://" + baseUrl.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.ofString(form.get(), StandardCharsets.UTF_8));
        } else {
            request.GET();
        }
        String path = pathOf(uri);
        BoundedBody body = new BoundedBody(Shopper.MAX_BODY_BYTES);
        CompletableFuture<HttpResponse<Void>> pending =
                client.sendAsync(request.build(), info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(body));
        HttpResponse<Void> response;
        try {
            response = pending.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw noResponse(hops, method, path, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw noResponse(hops, method, path, "no complete response within " + timeout.multipliedBy(2));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw noResponse(hops, method, path, "interrupted");
        }
        Page page = new Page(response.uri(), response.statusCode(), response.headers(), body.text());
        record(hops, new Hop.Response(method, path, page.status(), page.backend(), page.header("Location"),
                setCookieNames(response)));
        return page;
    }

    /** The names of the cookies a response sets, in order: what a test checks a new session got. */
    private static List<String> setCookieNames(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(header -> header.substring(0, Math.max(0, header.indexOf('='))).strip())
                .toList();
    }

    private Abort noResponse(List<Hop> hops, String method, String path, String error) {
        record(hops, new Hop.NoResponse(method, path, error));
        return new Abort(method + " " + path + ": no response (" + error + ")");
    }

    private synchronized void record(List<Hop> hops, Hop hop) {
        hops.add(hop);
        if (recorded.size() == maxRecordedHops) {
            recorded.removeFirst();
        }
        recorded.addLast(hop);
        hopCount++;
        if (hop.isError()) {
            errorCount++;
        }
    }

    /** Cookies this browser would send to the base URL, name to value. */
    Map<String, String> cookies() {
        return cookies.getCookieStore().get(baseUrl).stream()
                .collect(Collectors.toMap(HttpCookie::getName, HttpCookie::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** Sets a cookie for the base URL, replacing one of the same name, as if a response had set it. */
    void putCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0); // plain Netscape-style "name=value", as browsers send
        cookies.getCookieStore().add(baseUrl, cookie);
    }

    void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    /** The most recent hops, oldest first. */
    synchronized List<Hop> hops() {
        return new ArrayList<>(recorded);
    }

    /** Hops made since construction, including those no longer in {@link #hops()}. */
    synchronized long hopCount() {
        return hopCount;
    }

    /** Hops without a response or with a 5xx, since construction. */
    synchronized long errorCount() {
        return errorCount;
    }

    /** Distinct {@code X-Backend} values among the recorded hops, in order of first appearance. */
    synchronized Set<String> backendsSeen() {
        return recorded.stream().map(Hop::backend).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Path with query, as hops and pages report it. */
    static String pathOf(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
