package io.tandem.farm;

import io.undertow.util.AttachmentKey;

/**
 * The storefront session a request runs in, attached to the exchange by {@link SessionHandler}
 * and replaced when the session id is regenerated (login, logout).
 *
 * @param sessionId the PHPSESSID the session is stored under now
 * @param session   the session's data
 */
record Visit(String sessionId, MagentoSession session) {

    static final AttachmentKey<Visit> KEY = AttachmentKey.create(Visit.class);
}
