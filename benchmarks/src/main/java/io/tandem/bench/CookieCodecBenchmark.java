package io.tandem.bench;

import io.tandem.session.CookieDecoding;
import io.tandem.session.HmacCookieCodec;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import io.tandem.session.SessionKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the session cookie on the request path: signing a cookie for a response, and decoding
 * plus verifying the cookie of a request. The codec is shared by all benchmark threads, as in
 * the proxy. Goal: at most 400 ns/op each.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CookieCodecBenchmark}; see
 * {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieCodecBenchmark {

    private HmacCookieCodec codec;
    private SessionCookie cookie;
    private String value;

    @Setup
    public void setUp() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 37 + 11);
        }
        codec = new HmacCookieCodec(KeyRing.of(SessionKey.of("k1", secret)));
        long now = System.currentTimeMillis() / 1000;
        cookie = new SessionCookie(SessionId.random(), now - 300, now - 30, "k1", "tandem-a", "web2");
        value = codec.encode(cookie);
        if (!(codec.decode(value) instanceof CookieDecoding.Decoded)) {
            throw new IllegalStateException("benchmark cookie does not verify");
        }
    }

    /** Sign a typical cookie (59 bytes, 79 characters). */
    @Benchmark
    public String encode() {
        return codec.encode(cookie);
    }

    /** Decode and verify a typical cookie value. */
    @Benchmark
    public CookieDecoding decodeAndVerify() {
        return codec.decode(value);
    }
}
