package io.cryptoassets.worker.chain;

/**
 * The node refused to build, sign or send a transaction, and said why; nothing was sent and no
 * input it chose stays locked. {@link #refusal()} classifies the reason.
 */
public class SendRefusedException extends NodeCallFailedException {

    private final SendRefusal refusal;

    public SendRefusedException(SendRefusal refusal, Integer rpcCode, Throwable cause) {
        super(refusal.message(), rpcCode, cause);
        this.refusal = refusal;
    }

    public SendRefusal refusal() {
        return refusal;
    }

    /** A refusal is always about the call: the node answered and said no. */
    @Override
    public boolean concernsTheCall() {
        return true;
    }
}
