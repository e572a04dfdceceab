package io.cryptoassets.worker.admin;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.function.Supplier;
import org.springframework.context.ApplicationContext;

/**
 * The Spring context an admin command works in, started only when a command needs it, so
 * that usage errors are reported at once and without a database.
 */
public final class AdminContext {

    private final Supplier<ApplicationContext> starter;
    private ApplicationContext context;

    public AdminContext(Supplier<ApplicationContext> starter) {
        this.starter = starter;
    }

    public <T> T bean(Class<T> type) {
        if (context == null) {
            context = starter.get();
        }
        return context.getBean(type);
    }

    /** The asset named by {@code --asset}, or the only configured asset when none is named. */
    public AssetProperties asset(String code) {
        LedgerProperties ledger = bean(LedgerProperties.class);
        if (code == null) {
            if (ledger.assets().size() > 1) {
                throw new AdminRefusal("several assets are configured; name one with --asset");
            }
            return ledger.assets().get(0);
        }
        return ledger.asset(code).orElseThrow(() -> new AdminRefusal("asset " + code + " is not configured"));
    }
}
