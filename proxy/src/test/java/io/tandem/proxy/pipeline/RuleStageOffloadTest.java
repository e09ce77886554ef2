package io.tandem.proxy.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where the rule stage inspects a body: on the IO thread that read it, or on the worker pool. */
class RuleStageOffloadTest {

    @Test
    void aLargeBodyAlwaysGoesToTheWorkerPool() {
        int large = RuleStageHandler.INLINE_BODY_BYTES + 1;
        assertTrue(RuleStageHandler.offload(large, 2, 2), "an IO thread per core");
        assertTrue(RuleStageHandler.offload(large, 1, 2), "one IO thread on two cores");
        assertTrue(RuleStageHandler.offload(large, 8, 4), "more IO threads than cores");
    }

    @Test
    void aSmallBodyStaysOnTheIoThreadWhenTheIoThreadsUseEveryCore() {
        assertFalse(RuleStageHandler.offload(1_600, 2, 2));
        assertFalse(RuleStageHandler.offload(RuleStageHandler.INLINE_BODY_BYTES, 4, 2));
    }

    @Test
    void aSmallBodyGoesToThePoolWhenCoresAreLeftOver() {
        assertTrue(RuleStageHandler.offload(1_600, 1, 2), "the pool runs it on the second core");
        assertTrue(RuleStageHandler.offload(1, 2, 8));
    }
}
