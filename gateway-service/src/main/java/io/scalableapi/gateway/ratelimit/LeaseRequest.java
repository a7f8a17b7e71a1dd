package io.scalableapi.gateway.ratelimit;

/**
 * What a batch asks of the store besides its decisions: up to {@code wanted} further requests as a lease, and the unspent
 * requests of an expired lease to give back ({@code unspent} of {@code expired}; none when {@code expired} is null).
 */
public record LeaseRequest(int wanted, Lease expired, int unspent) {

    public static final LeaseRequest NONE = new LeaseRequest(0, null, 0);
}
