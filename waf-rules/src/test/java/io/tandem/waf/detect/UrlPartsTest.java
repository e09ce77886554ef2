package io.tandem.waf.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link UrlParts#ipv4} reads addresses as {@code inet_aton} does, in every notation an SSRF payload uses. */
class UrlPartsTest {

    @Test
    void readsEveryNotationOfAnAddress() {
        long aws = 0xA9FEA9FEL; // 169.254.169.254
        assertEquals(aws, UrlParts.ipv4("169.254.169.254"));
        assertEquals(aws, UrlParts.ipv4("169.254.169.254."));
        assertEquals(aws, UrlParts.ipv4("0xa9fea9fe"));
        assertEquals(aws, UrlParts.ipv4("0XA9FEA9FE"));
        assertEquals(aws, UrlParts.ipv4("2852039166"));
        assertEquals(aws, UrlParts.ipv4("0251.0376.0251.0376"));
        assertEquals(aws, UrlParts.ipv4("169.254.43518"));
        assertEquals(aws, UrlParts.ipv4("169.16689662"));
        assertEquals(0x7F000001L, UrlParts.ipv4("127.1"));
        assertEquals(0x7F000001L, UrlParts.ipv4("+127.0.0.1"));
        assertEquals(0, UrlParts.ipv4("0x"));
        assertEquals(1, UrlParts.ipv4("1."));
        assertEquals(0x01FFFFFFL, UrlParts.ipv4("1.16777215"));
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String s : new String[] {"", ".", "1..2", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "1.16777216", "abc",
            "shop.example.com", "12.5 kg", "0x1g", "099", "1.2.3.4..", "4294967296", "product[attribute_12]"}) {
            assertEquals(-1, UrlParts.ipv4(s), s);
        }
    }

    @Test
    void agreesWithSplittingAndParsingEachPart() {
        Random random = new Random(5);
        String alphabet = "0123456789abcdefxX+.";
        for (int i = 0; i < 200_000; i++) {
            char[] c = new char[1 + random.nextInt(20)];
            for (int k = 0; k < c.length; k++) {
                c[k] = alphabet.charAt(random.nextInt(random.nextBoolean() ? 11 : alphabet.length()));
            }
            String s = new String(c);
            assertEquals(reference(s), UrlParts.ipv4(s), s);
        }
    }

    /** inet_aton by the book: split at the dots, parse each part with Long.parseLong. */
    private static long reference(String host) {
        if (host.isEmpty() || host.length() > 64) {
            return -1;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            long v;
            try {
                if (p.isEmpty() || p.length() > 12) {
                    return -1;
                }
                v = p.startsWith("0x") || p.startsWith("0X") ? (p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16))
                        : p.length() > 1 && p.startsWith("0") ? Long.parseLong(p.substring(1), 8) : Long.parseLong(p);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (v < 0) {
                return -1;
            }
            if (i < parts.length - 1) {
                if (v > 255) {
                    return -1;
                }
                result |= v << (24 - 8 * i);
            } else {
                long max = parts.length == 1 ? 0xffffffffL : parts.length == 2 ? 0xffffffL : parts.length == 3 ? 0xffffL : 0xffL;
                return v > max ? -1 : result | v;
            }
        }
        return -1;
    }
}
