package io.scalableapi.gateway.ratelimit;

import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies.Policy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The key a request is counted against under a policy, by the policy's key mode: the client address (IPv6 by prefix,
 * {@link AddressKeys}) whatever token comes along, the token's subject, or the OAuth client it was issued to; anonymous
 * callers are always their address. Naming the mode in the policy keeps a valid token from moving a request to a budget
 * of its own where the policy means the address's (registrations: each new account would buy another budget).
 */
@Singleton
public class RateLimitKeys {

    private final AddressKeys addresses;

    @Inject
    RateLimitKeys(GatewayConfig config) {
        this(new AddressKeys(config.rateLimit().ipv6PrefixLength()));
    }

    public RateLimitKeys(AddressKeys addresses) {
        this.addresses = addresses;
    }

    public String keyFor(Policy policy, Caller caller, String clientAddress) {
        if (caller.authenticated()) {
            switch (policy.keyMode()) {
                case SUBJECT:
                    return caller.subjectKey();
                case CLIENT:
                    return caller.clientKey();
                case ADDRESS:
                default:
                    break;
            }
        }
        return addresses.of(clientAddress);
    }
}
