package io.tandem.proxy.pipeline;

/** Why the backend pool could not hand a request to a backend; decides the status of the error page. */
public enum ProxyFailure {
    /** No healthy backend was left to try: 503, the farm is unavailable. */
    NO_BACKEND,
    /** The chosen backend's connection queue was full: 503 with Retry-After, Tandem is overloaded. */
    QUEUE_FULL,
    /** Connecting to the chosen backend failed: 502. */
    CONNECT_FAILED
}
