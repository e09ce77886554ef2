package io.tandem.farm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Magento's form-key check: the posted {@code form_key} must equal the session's. */
final class FormKeys {

    /** Magento's text, word for word. */
    static final String INVALID = "Invalid Form Key. Please refresh the page.";

    private FormKeys() {
    }

    /**
     * True if the form carries the session's key. A session started by this very request (an
     * unknown PHPSESSID) has a key the client never saw, so the check fails, as in Magento.
     */
    static boolean valid(Visit visit, Form form) {
        return form.field("form_key")
                .map(posted -> MessageDigest.isEqual(
                        posted.getBytes(StandardCharsets.UTF_8),
                        visit.session().formKey().getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
