package dev.otpguard.exchange;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@code otp-guard-delivery-queue} SPI: how many background sends a node admits ({@link DeliveryQueue}). */
public final class DeliveryQueueSpi implements Spi {

    public static final String NAME = "otp-guard-delivery-queue";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return DeliveryQueue.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DeliveryQueueFactory.class;
    }
}
