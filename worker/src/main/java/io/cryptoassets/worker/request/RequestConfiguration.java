package io.cryptoassets.worker.request;

import io.cryptoassets.worker.address.AddressCheck;
import io.cryptoassets.worker.address.AddressValidators;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RequestConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AddressRules addressRules(AddressValidators validators) {
        return (asset, address) -> validators.forAsset(asset).check(address) instanceof AddressCheck.Invalid invalid
                ? Optional.of(invalid.reason())
                : Optional.empty();
    }
}
