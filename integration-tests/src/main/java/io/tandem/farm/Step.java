package io.tandem.farm;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one {@link Shopper} action (view a page, add to cart, check out...), with every
 * HTTP hop it took. Never thrown: a connection refused, a 5xx or a lost cart is a {@link Failed}
 * step whose {@code reason} says what happened and what was expected, so a caller counts failures
 * with {@code if (step.failed())} and carries on.
 *
 * @param <T> what the action produces: a {@link Page}, a {@link Cart}, an order id
 */
public sealed interface Step<T> permits Step.Done, Step.Failed {

    /** The hops of this action, in order. */
    List<Hop> hops();

    boolean ok();

    default boolean failed() {
        return !ok();
    }

    /**
     * The action's result.
     *
     * @throws IllegalStateException with the failure reason, if the step failed
     */
    T value();

    /** The result if the step succeeded. */
    Optional<T> result();

    /** Why the step failed; empty if it succeeded. */
    Optional<String> failure();

    /** The action succeeded with {@code value}. */
    record Done<T>(T value, List<Hop> hops) implements Step<T> {

        public Done {
            hops = List.copyOf(hops);
        }

        @Override
        public boolean ok() {
            return true;
        }

        @Override
        public Optional<T> result() {
            return Optional.of(value);
        }

        @Override
        public Optional<String> failure() {
            return Optional.empty();
        }
    }

    /** The action failed; {@code reason} reads like {@code GET /: status 503 (expected: 200)}. */
    record Failed<T>(String reason, List<Hop> hops) implements Step<T> {

        public Failed {
            hops = List.copyOf(hops);
        }

        @Override
        public boolean ok() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException(reason);
        }

        @Override
        public Optional<T> result() {
            return Optional.empty();
        }

        @Override
        public Optional<String> failure() {
            return Optional.of(reason);
        }
    }
}
