package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.SDK_ALLOWED_ORIGINS;

import java.util.List;

import org.jooq.DSLContext;

import dev.dialtone.core.ApplicationId;

/** Per application, the page origins allowed to log in through the web SDK gateway (none stored: any). */
public final class SdkOriginStore {
    private final DSLContext dsl;

    public SdkOriginStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<String> list(ApplicationId app) {
        return dsl.select(SDK_ALLOWED_ORIGINS.ORIGIN).from(SDK_ALLOWED_ORIGINS)
                .where(SDK_ALLOWED_ORIGINS.APPLICATION_ID.eq(app.value())).orderBy(SDK_ALLOWED_ORIGINS.ORIGIN)
                .fetch(SDK_ALLOWED_ORIGINS.ORIGIN);
    }

    /** Replaces the application's list in one transaction. */
    public void replace(ApplicationId app, List<String> origins) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.deleteFrom(SDK_ALLOWED_ORIGINS).where(SDK_ALLOWED_ORIGINS.APPLICATION_ID.eq(app.value())).execute();
            for (String o : origins) {
                tx.insertInto(SDK_ALLOWED_ORIGINS).set(SDK_ALLOWED_ORIGINS.APPLICATION_ID, app.value())
                        .set(SDK_ALLOWED_ORIGINS.ORIGIN, o).execute();
            }
        });
    }
}
