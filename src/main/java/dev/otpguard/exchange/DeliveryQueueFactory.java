package dev.otpguard.exchange;

import org.keycloak.provider.ProviderFactory;

/** Factory of the {@link DeliveryQueueSpi}; the one provider is {@link BoundedDeliveryQueue}. */
public interface DeliveryQueueFactory extends ProviderFactory<DeliveryQueue> {
}
