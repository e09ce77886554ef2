package io.tandem.ha;

/** The part a member plays in the pair. Only the {@link #ACTIVE} member serves clients. */
public enum Role {
    ACTIVE, STANDBY
}
