package io.tandem.farm;

/**
 * Input a storefront cannot make sense of; {@link ErrorPageHandler} answers it with a 400 page
 * showing the message (never a stack trace). The message names the bad part and what was expected.
 */
final class BadRequestException extends Exception {

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
