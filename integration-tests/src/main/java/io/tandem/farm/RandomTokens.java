package io.tandem.farm;

import java.security.SecureRandom;

/** The random strings PHP and Magento hand out: session ids, form keys, content versions. */
final class RandomTokens {

    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_ALNUM;

    /** PHP's default {@code session.sid_length}. */
    static final int SESSION_ID_LENGTH = 26;
    /** Magento's {@code \Magento\Framework\Data\Form\FormKey} length. */
    static final int FORM_KEY_LENGTH = 16;

    private final SecureRandom random = new SecureRandom();

    String sessionId() {
        return draw(LOWER_ALNUM, SESSION_ID_LENGTH);
    }

    String formKey() {
        return draw(ALNUM, FORM_KEY_LENGTH);
    }

    /** Magento's {@code private_content_version} is an md5-looking random; 32 lowercase alnum will do. */
    String contentVersion() {
        return draw(LOWER_ALNUM, 32);
    }

    private String draw(String alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(out);
    }

    /** True for strings that could be a PHP session id at all; anything else is never looked up. */
    static boolean plausibleSessionId(String value) {
        if (value.isEmpty() || value.length() > 128) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ',' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
