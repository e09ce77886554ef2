package io.tandem.farm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Magento's order increment ids ({@code 000000123}). A farm shares one sequence across its
 * instances, as instances share one database; thread-safe.
 */
final class OrderNumbers {

    private final AtomicLong last = new AtomicLong();

    String next() {
        return String.format("%09d", last.incrementAndGet());
    }
}
