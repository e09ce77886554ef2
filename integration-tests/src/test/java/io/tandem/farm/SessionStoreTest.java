package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Guards the per-instance session store: bounded with least-recently-used eviction, and
 * regeneration that moves data to a new id and kills the old one. Fails if the store can grow
 * without limit or if an old id survives a login.
 */
class SessionStoreTest {

    private final SessionStore store = new SessionStore(3, new RandomTokens());

    @Test
    void create_issuesPhpLikeIdsAndMagentoLikeFormKeys() {
        SessionStore.Entry entry = store.create();

        assertThat(entry.id()).matches("[a-z0-9]{26}");
        assertThat(entry.session().formKey()).matches("[A-Za-z0-9]{16}");
        assertThat(store.find(entry.id())).containsSame(entry.session());
    }

    @Test
    void beyondTheBound_theLeastRecentlyUsedSessionIsEvicted() {
        SessionStore.Entry a = store.create();
        SessionStore.Entry b = store.create();
        SessionStore.Entry c = store.create();
        store.find(a.id()); // a is now more recent than b

        SessionStore.Entry d = store.create();

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find(b.id())).isEmpty();
        assertThat(store.find(a.id())).isPresent();
        assertThat(store.find(c.id())).isPresent();
        assertThat(store.find(d.id())).isPresent();
    }

    @Test
    void regenerate_movesTheSessionToANewId_andForgetsTheOldOne() {
        SessionStore.Entry old = store.create();
        old.session().addToCart("24-MB01", 2);

        SessionStore.Entry renewed = store.regenerate(old.id()).orElseThrow();

        assertThat(renewed.id()).isNotEqualTo(old.id());
        assertThat(renewed.session()).isSameAs(old.session());
        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.find(renewed.id()).orElseThrow().cart()).containsEntry("24-MB01", 2);
        assertThat(store.regenerate(old.id())).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void sessionCollections_areBounded() {
        MagentoSession session = store.create().session();
        for (int i = 0; i < MagentoSession.MAX_MESSAGES + 5; i++) {
            session.addMessage(MagentoSession.MessageKind.ERROR, "m" + i);
        }
        for (int i = 0; i < MagentoSession.MAX_ORDERS + 5; i++) {
            session.addToCart("24-MB01", 1);
            String id = "o" + i;
            session.placeOrder(() -> id);
        }

        assertThat(session.drainMessages()).hasSize(MagentoSession.MAX_MESSAGES).first()
                .extracting(MagentoSession.Message::text).isEqualTo("m5");
        assertThat(session.drainMessages()).isEmpty();
        assertThat(session.orders()).hasSize(MagentoSession.MAX_ORDERS).last().isEqualTo("o104");
        assertThat(session.addToCart("24-MB01", MagentoSession.MAX_QTY_PER_LINE + 1)).isFalse();
    }

    @Test
    void placeOrder_withAnEmptyCart_placesNothing() {
        MagentoSession session = store.create().session();

        assertThat(session.placeOrder(() -> "never")).isEmpty();
        assertThat(session.takeLastOrder()).isEmpty();
    }

    @Test
    void aStoreOfNoSessions_isRefused() {
        assertThatThrownBy(() -> new SessionStore(0, new RandomTokens())).hasMessage("maxSessions: 0 (expected: >= 1)");
    }

    @Test
    void plausibleSessionIds_areWhatPhpAccepts() {
        assertThat(RandomTokens.plausibleSessionId("abc123ABC,-")).isTrue();
        assertThat(RandomTokens.plausibleSessionId("")).isFalse();
        assertThat(RandomTokens.plausibleSessionId("a b")).isFalse();
        assertThat(RandomTokens.plausibleSessionId("x".repeat(129))).isFalse();
    }
}
