package dev.dialtone.pstn;

import java.util.Optional;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/**
 * The trunk an application's outbound calls use (implemented by the platform; may block on a
 * database: it runs on the connector's routing pool).
 *
 * <p>{@code callPSTN} needs one (without it the call fails with 503). {@code callSIP} sends straight
 * to the URI's host; it uses the trunk's transport, port and credentials only when the URI's host is
 * the trunk's host, so credentials never go to an arbitrary server.
 */
@FunctionalInterface
public interface OutboundTrunks {
    Optional<TrunkTarget> trunkFor(AccountId account, ApplicationId application);
}
