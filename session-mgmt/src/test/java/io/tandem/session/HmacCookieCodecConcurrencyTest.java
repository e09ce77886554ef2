package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Guards the per-thread Macs: if threads shared a {@code Mac} (or a work buffer), interleaved
 * updates would produce wrong tags and some decodes here would fail or return another cookie.
 */
class HmacCookieCodecConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 20_000;

    @Test
    void manyThreads_encodeAndDecodeWithTwoKeys_everyResultVerifies() throws Exception {
        SessionKey k1 = Keys.key("k1", 1);
        SessionKey k2 = Keys.key("k2", 2);
        HmacCookieCodec current = new HmacCookieCodec(Keys.ring(k2, k1)); // signs with k2, accepts k1
        HmacCookieCodec previous = new HmacCookieCodec(Keys.ring(k1));    // signs with k1
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                tasks.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    start.await();
                    for (int i = 0; i < ROUNDS && failures.size() < 10; i++) {
                        boolean old = random.nextBoolean();
                        SessionCookie cookie = new SessionCookie(new SessionId(random.nextLong(), random.nextLong()),
                                1_700_000_000L + i, 1_700_000_000L + i, old ? "k1" : "k2",
                                "tandem-" + (char) ('a' + random.nextInt(2)), "web" + random.nextInt(4));
                        String value = (old ? previous : current).encode(cookie);
                        CookieDecoding result = current.decode(value);
                        if (!result.equals(new CookieDecoding.Decoded(cookie))) {
                            failures.add("thread " + seed + " round " + i + ": " + result);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
    }
}
