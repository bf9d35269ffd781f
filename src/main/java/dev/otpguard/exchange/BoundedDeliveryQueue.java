package dev.otpguard.exchange;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The bound of background sends on this node: {@code --spi-otp-guard-delivery-queue--default--max-pending}
 * (default {@value #DEFAULT_MAX_PENDING}) sends waiting or running at once. The factory lives as long as the server,
 * so the count is per node; it is the one piece of state here, and it is the server's, not a login's.
 */
public final class BoundedDeliveryQueue implements DeliveryQueueFactory, DeliveryQueue {

    public static final String PROVIDER_ID = "default";
    public static final String MAX_PENDING = "max-pending";
    public static final int DEFAULT_MAX_PENDING = 500;

    private Semaphore pending;
    private int maxPending;

    /** For Keycloak's service loader; {@link #init} sets the configured bound. */
    public BoundedDeliveryQueue() {
        this(DEFAULT_MAX_PENDING);
    }

    BoundedDeliveryQueue(int maxPending) {
        this.maxPending = maxPending;
        this.pending = new Semaphore(maxPending);
    }

    @Override
    public boolean offer(ExecutorService executor, Runnable job) {
        if (!pending.tryAcquire()) {
            return false;
        }
        useEveryThread(executor);
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    pending.release();
                }
            });
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            pending.release();
            return false;
        }
    }

    /**
     * Keycloak's pool for a task is a JDK {@link ThreadPoolExecutor} with {@code min} (default 4) core threads, up to
     * {@code max} (default 64), and a queue without bound; such a pool never starts a thread beyond its core, because
     * its queue never fills. Four threads would let four stalled gateway calls hold every user's code (measured: the
     * benchmark's email and SMS logins got no code within 15 s while scenario 6's SMS stalled). Sends wait on the
     * network, not the CPU, so the pool gets its {@code max}: {@code --spi-executors--default--otp-guard-delivery--max}
     * is then what counts, idle threads end after the pool's keep-alive, and {@link #MAX_PENDING} still bounds the
     * queue. Only our own task's pool is touched.
     */
    static void useEveryThread(ExecutorService executor) {
        if (executor instanceof ThreadPoolExecutor pool && pool.getCorePoolSize() < pool.getMaximumPoolSize()) {
            synchronized (pool) {
                if (pool.getCorePoolSize() < pool.getMaximumPoolSize()) {
                    if (pool.getKeepAliveTime(TimeUnit.NANOSECONDS) > 0) {
                        pool.allowCoreThreadTimeOut(true);
                    }
                    pool.setCorePoolSize(pool.getMaximumPoolSize());
                }
            }
        }
    }

    @Override
    public boolean hasRoom() {
        return pending.availablePermits() > 0;
    }

    /** How many sends the bound admits. */
    public int maxPending() {
        return maxPending;
    }

    @Override
    public DeliveryQueue create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        int configured = config.getInt(MAX_PENDING, DEFAULT_MAX_PENDING);
        if (configured < 1) {
            throw new IllegalArgumentException("--spi-" + DeliveryQueueSpi.NAME + "--" + PROVIDER_ID + "--"
                    + MAX_PENDING + " must be at least 1, not " + configured);
        }
        maxPending = configured;
        pending = new Semaphore(configured);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create().property().name(MAX_PENDING).type("int")
                .helpText("Background sends (codes and notices) one node admits at once, waiting or running; "
                        + "a send beyond it is refused and logged.")
                .defaultValue(DEFAULT_MAX_PENDING).add().build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
