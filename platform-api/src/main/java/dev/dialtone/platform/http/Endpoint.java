package dev.dialtone.platform.http;

import dev.dialtone.platform.PlatformException;

/** A handler of one route. Runs on a worker thread: it may block on the database. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Call call) throws PlatformException;
}
