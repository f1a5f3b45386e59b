package dev.dialtone.platform.http.platformapi;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import io.vertx.core.json.JsonObject;

/** One method of the compatible API: parameters in, the original's response object out. */
@FunctionalInterface
interface CompatMethod {
    JsonObject call(Account caller, CompatParams params) throws PlatformException;
}
