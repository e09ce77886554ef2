package io.tandem.demo;

/** The demo cannot go on (a member exited, a port is taken, the pair did not get ready); the message says why. */
final class DemoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DemoException(String message) {
        super(message, null, false, false);
    }
}
