package io.tandem.farm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpCookie;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests exactly as written, for tests that must send what a browser would not: foreign
 * cookies, malformed bodies, broken request lines. No cookie jar, no redirects followed.
 */
final class RawHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();

    private RawHttp() {
    }

    /** {@code headers} are name, value pairs. */
    static HttpResponse<String> get(URI base, String path, String... headers) throws IOException, InterruptedException {
        return send("GET", base, path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    static HttpResponse<String> postForm(URI base, String path, String body, String... headers)
            throws IOException, InterruptedException {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", base, path, HttpRequest.BodyPublishers.ofString(body), all);
    }

    static HttpResponse<String> send(String method, URI base, String path, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).method(method, body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Cookies a response sets, name to value. */
    static Map<String, String> setCookies(HttpResponse<?> response) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                out.put(cookie.getName(), cookie.getValue());
            }
        }
        return out;
    }

    /** Writes {@code request} verbatim to 127.0.0.1:{@code port} and returns the response's status line. */
    static String statusLine(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                int c = in.read();
                if (c < 0 || c == '\r' || c == '\n') {
                    break;
                }
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
