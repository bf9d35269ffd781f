package dev.otpguard.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stalled relay cannot pile up sends: beyond the bound they are refused, and a finished send frees its place. */
class BoundedDeliveryQueueTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void sendsBeyondTheBoundAreRefusedUntilOneFinishes() throws Exception {
        BoundedDeliveryQueue queue = new BoundedDeliveryQueue(2);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(2);
        Runnable stallingSend = () -> {
            started.countDown();
            try {
                stalled.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.incrementAndGet();
            finished.countDown();
        };
        assertThat(queue.offer(executor, stallingSend)).isTrue();
        assertThat(queue.offer(executor, stallingSend)).isTrue();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.hasRoom()).isFalse();
        assertThat(queue.offer(executor, ran::incrementAndGet)).as("a third send while two stall").isFalse();

        stalled.countDown();
        awaitRoom(queue);
        CountDownLatch third = new CountDownLatch(1);
        assertThat(queue.offer(executor, third::countDown)).isTrue();
        assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).as("the refused send never ran").isEqualTo(2);
    }

    @Test
    void aFailingSendStillFreesItsPlace() throws Exception {
        BoundedDeliveryQueue queue = new BoundedDeliveryQueue(1);
        CountDownLatch done = new CountDownLatch(1);
        assertThat(queue.offer(executor, () -> {
            done.countDown();
            throw new IllegalStateException("the channel broke");
        })).isTrue();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        awaitRoom(queue);
        assertThat(queue.hasRoom()).isTrue();
    }

    @Test
    void anExecutorThatIsShuttingDownRefusesAndKeepsNoPlace() {
        BoundedDeliveryQueue queue = new BoundedDeliveryQueue(1);
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        assertThat(queue.offer(stopped, () -> { })).isFalse();
        assertThat(queue.hasRoom()).isTrue();
    }

    /** The place is freed on the worker thread just after the job: wait for it, boundedly. */
    /**
     * Keycloak's pool for our task has 4 core threads, 64 at most, and a queue without bound (DefaultExecutorsProvider
     * Factory, 26.x): as built, a fifth send waits for one of four stalled ones. Through the queue, all run at once.
     */
    @Test
    void sendsUseThePoolsMaximumNotItsFourCoreThreads() throws Exception {
        java.util.concurrent.ThreadPoolExecutor keycloaksShape = new java.util.concurrent.ThreadPoolExecutor(4, 64, 60L,
                TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
        try {
            BoundedDeliveryQueue queue = new BoundedDeliveryQueue(500);
            CountDownLatch allRunning = new CountDownLatch(20);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 20; i++) {
                assertThat(queue.offer(keycloaksShape, () -> {
                    allRunning.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })).isTrue();
            }
            assertThat(allRunning.await(5, TimeUnit.SECONDS)).as("20 stalled sends run side by side").isTrue();
            release.countDown();
            assertThat(keycloaksShape.getCorePoolSize()).isEqualTo(64);
            assertThat(keycloaksShape.allowsCoreThreadTimeOut()).as("idle threads still end").isTrue();
        } finally {
            keycloaksShape.shutdownNow();
        }
    }

    private static void awaitRoom(BoundedDeliveryQueue queue) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.hasRoom() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }
}
