package io.tandem.proxy.cli;

/**
 * A verb cannot do what was asked for a reason found on the members' side (no active member, a
 * step that did not complete in time); its message is the one line the operator sees. Exit status 1.
 */
final class VerbFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    VerbFailure(String message) {
        super(message, null, false, false);
    }
}
