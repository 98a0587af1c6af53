package io.iotgw.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NicenessTest {

    /** Runs {@code work} on a fresh thread and returns its result. */
    private static <T> T onNewThread(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void lowerCurrentThread_makesThatThreadNicer_andThreadsItStartsInheritIt_otherThreadsNot() throws Exception {
        int mine = Niceness.ofCurrentThread().orElseThrow();
        int expected = Math.min(Niceness.MAX, mine + 3);

        int[] lowered = onNewThread(() -> {
            OptionalInt after = Niceness.lowerCurrentThread(3);
            try {
                int child = onNewThread(() -> Niceness.ofCurrentThread().orElseThrow());
                return new int[] {after.orElseThrow(), child};
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(lowered[0]).as("the thread that asked").isEqualTo(expected);
        assertThat(lowered[1]).as("a thread it started").isEqualTo(expected);
        assertThat(Niceness.ofCurrentThread()).as("this thread").hasValue(mine);
        assertThat(onNewThread(() -> Niceness.ofCurrentThread().orElseThrow())).as("a sibling").isEqualTo(mine);
    }

    @Test
    void lowerCurrentThread_byZero_leavesItAlone() throws Exception {
        int mine = Niceness.ofCurrentThread().orElseThrow();
        assertThat(onNewThread(() -> Niceness.lowerCurrentThread(0).orElseThrow())).isEqualTo(mine);
    }

    @Test
    void lowerCurrentThread_neverPastNineteen() throws Exception {
        assertThat(onNewThread(() -> {
            Niceness.lowerCurrentThread(Niceness.MAX);
            return Niceness.lowerCurrentThread(5).orElseThrow();
        })).isEqualTo(Niceness.MAX);
    }
}
