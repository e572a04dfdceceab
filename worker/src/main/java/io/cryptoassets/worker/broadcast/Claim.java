package io.cryptoassets.worker.broadcast;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broadcast this worker took to hand to the node: {@code signing} (signed mode) or
 * {@code opened} (sendmany). Every later change to it is conditional on {@link #states} and
 * {@link #claimedAt}, so a worker that was too slow (its claim given to another meanwhile)
 * changes nothing.
 *
 * @param states  the states in which the broadcast is still this worker's: {@code signing}, or
 *                {@code opened} and {@code broken} (a sendmany call slower than broken-after
 *                still records what the node answered, unless an operator resolved it first)
 * @param members its withdrawals when it was claimed; they cannot change while it is claimed
 *                (cancelling needs {@code grouped}, and only the claimer splits it)
 */
record Claim(long id, OffsetDateTime claimedAt, List<String> states, List<BroadcastMember> members) {

    static final List<String> SIGNING = List.of("signing");
    static final List<String> OPENED = List.of("opened", "broken");

    Claim {
        states = List.copyOf(states);
        members = List.copyOf(members);
    }

    /** What to pay: one output per distinct address, amounts summed (the node refuses duplicates). */
    Map<String, BigInteger> outputs() {
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        members.forEach(m -> outputs.merge(m.address(), m.amount(), BigInteger::add));
        return outputs;
    }

    /** Its distinct addresses, sorted, so that a split is the same whichever worker makes it. */
    List<String> addresses() {
        return members.stream().map(BroadcastMember::address).distinct().sorted().toList();
    }

    /** A sweep to cold storage: its one member is no customer's withdrawal. */
    boolean sweep() {
        return members.stream().anyMatch(BroadcastMember::sweep);
    }

    BigInteger total() {
        return members.stream().map(BroadcastMember::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
