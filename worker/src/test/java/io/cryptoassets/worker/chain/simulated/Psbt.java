package io.cryptoassets.worker.chain.simulated;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.bitcoinj.base.VarInt;

/**
 * The smallest valid BIP 174 partially signed transaction: the magic, a global map holding only
 * the unsigned transaction, and an empty map per input and per output. Enough for the simulated
 * node to hand a transaction to the caller and read it back; it carries no signatures because the
 * simulated chain checks none.
 */
final class Psbt {

    private static final byte[] MAGIC = {'p', 's', 'b', 't', (byte) 0xff};
    private static final byte UNSIGNED_TX = 0x00;
    private static final byte SEPARATOR = 0x00;

    private Psbt() {
    }

    /** Base64 of a PSBT holding {@code raw}. */
    static String of(RawTransaction raw) {
        byte[] tx = java.util.HexFormat.of().parseHex(raw.hex());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(VarInt.of(1).serialize());
        out.write(UNSIGNED_TX);
        out.writeBytes(VarInt.of(tx.length).serialize());
        out.writeBytes(tx);
        out.write(SEPARATOR);
        for (int i = 0; i < raw.inputs().size() + raw.outputs().size(); i++) {
            out.write(SEPARATOR);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** The serialized transaction inside a base64 PSBT. */
    static byte[] transactionOf(String base64) {
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64", e);
        }
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("invalid magic bytes");
            }
            while (true) {
                int keyLength = VarInt.read(in).intValue();
                if (keyLength == 0) {
                    throw new IllegalArgumentException("no unsigned tx in the global map");
                }
                byte[] key = new byte[keyLength];
                in.get(key);
                byte[] value = new byte[VarInt.read(in).intValue()];
                in.get(value);
                if (key.length == 1 && key[0] == UNSIGNED_TX) {
                    return value;
                }
            }
        } catch (BufferUnderflowException | ArithmeticException e) {
            throw new IllegalArgumentException("truncated PSBT", e);
        }
    }
}
