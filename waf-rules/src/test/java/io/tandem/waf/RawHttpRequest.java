package io.tandem.waf;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test helper: turns the exact bytes of an HTTP/1.x request into a {@link RequestView}, the way
 * a lenient server would (LF-only line ends, folded header lines, missing version, chunked
 * bodies). Never throws on malformed input: whatever cannot be read is left out.
 */
final class RawHttpRequest {

    private static final int MAX_BODY = 1 << 20;

    private RawHttpRequest() {
    }

    static RequestView parse(String requestId, byte[] raw) {
        String head;
        int bodyStart;
        int crlf = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int lflf = indexOf(raw, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
        if (crlf >= 0 && (lflf < 0 || crlf < lflf)) {
            head = new String(raw, 0, crlf, StandardCharsets.ISO_8859_1);
            bodyStart = crlf + 4;
        } else if (lflf >= 0) {
            head = new String(raw, 0, lflf, StandardCharsets.ISO_8859_1);
            bodyStart = lflf + 2;
        } else {
            head = new String(raw, StandardCharsets.ISO_8859_1);
            bodyStart = raw.length;
        }
        String[] lines = head.split("\r?\n", -1);
        String requestLine = lines.length > 0 ? lines[0] : "";
        String[] parts = requestLine.split(" ", -1);
        String method = parts.length > 0 ? parts[0] : "";
        String target = parts.length > 1 ? parts[1] : "/";
        String protocol = parts.length > 2 ? requestLine.substring(parts[0].length() + parts[1].length() + 2) : "HTTP/0.9";
        if (parts.length > 3) {
            // spaces inside the target: the version is the last word
            int last = requestLine.lastIndexOf(' ');
            target = requestLine.substring(method.length() + 1, last);
            protocol = requestLine.substring(last + 1);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String lastName = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && lastName != null) {
                List<String> values = headers.get(lastName);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = new String(line.substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            lastName = name;
        }
        byte[] body = body(raw, bodyStart, headers);
        boolean truncated = body.length > MAX_BODY;
        if (truncated) {
            byte[] cut = new byte[MAX_BODY];
            System.arraycopy(body, 0, cut, 0, MAX_BODY);
            body = cut;
        }
        String decodedTarget = new String(target.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return RequestView.builder()
                .requestId(requestId)
                .method(method)
                .rawTarget(decodedTarget)
                .protocol(protocol)
                .headers(headers)
                .body(body, truncated)
                .clientAddress(InetAddress.getLoopbackAddress())
                .sessionState("none")
                .build();
    }

    private static byte[] body(byte[] raw, int start, Map<String, List<String>> headers) {
        int available = Math.max(0, raw.length - start);
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (!te.isEmpty() && te.get(0).trim().equalsIgnoreCase("chunked")) {
            return dechunk(raw, start);
        }
        List<String> cl = headers.getOrDefault("content-length", List.of());
        int length = available;
        if (cl.size() == 1) {
            try {
                length = (int) Math.min(available, Long.parseLong(cl.get(0).trim()));
            } catch (NumberFormatException e) {
                length = available;
            }
        }
        byte[] body = new byte[Math.max(0, length)];
        System.arraycopy(raw, start, body, 0, body.length);
        return body;
    }

    private static byte[] dechunk(byte[] raw, int start) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = start;
        while (i < raw.length) {
            int lineEnd = indexOf(raw, "\r\n".getBytes(StandardCharsets.ISO_8859_1), i);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).trim();
            int semi = size.indexOf(';');
            if (semi >= 0) {
                size = size.substring(0, semi);
            }
            int n;
            try {
                n = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0) {
                break;
            }
            int from = lineEnd + 2;
            int len = Math.min(n, raw.length - from);
            out.write(raw, from, Math.max(0, len));
            i = from + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
