package io.tandem.farm;

/**
 * Ends a {@link Shopper} script early; the shopper turns it into a {@link Step.Failed} with this
 * message as the reason. Never leaves the package.
 */
final class Abort extends Exception {

    Abort(String reason) {
        super(reason, null, false, false);
    }
}
